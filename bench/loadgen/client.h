// One Engine.IO 4 / Socket.IO 5 client in namespace "/": over WebSocket, over long-polling, or
// polling first and then upgraded to WebSocket as socket.io-client does. Answers the server's
// pings, connects the namespace ("40"), hands events and acks to its handler.
#pragma once

#include "common.h"
#include "message.h"
#include "polling.h"
#include "websocket.h"

#include <memory>

class Client;

class ClientHandler
{
public:
    virtual ~ClientHandler() = default;
    virtual void clientConnected(Client *client) = 0;
    virtual void clientFailed(Client *client, CloseCause cause) = 0; // never got connected
    virtual void clientClosed(Client *client, CloseCause cause) = 0; // was connected
    virtual void clientMessage(Client *client, const Message &message) = 0;
    virtual void clientWritable(Client *client) = 0;
};

class Client : public WebSocketHandler, public PollingHandler
{
public:
    enum class Transport { WebSocket, Polling, Upgrade };
    enum class State { Idle, Connecting, Connected, Closing };

    Client(int index, ClientHandler *handler, const Endpoint &endpoint);
    ~Client() override;

    void connectTo(Transport transport);
    // An Engine.IO packet, e.g. "42[\"ping\"]".
    void send(const QByteArray &packet);
    // count copies of one packet in a single write (WebSocket) or POST (polling).
    void sendRepeated(const QByteArray &packet, int count);
    // Bytes accepted but not yet handed to the kernel (WebSocket) or queued for the next POST.
    qint64 backlog() const;
    // Socket.IO disconnect ("41"), then the transport's close; clientClosed(Closed) follows.
    void close();
    // Drops everything at once, without callbacks.
    void abort();
    // WebSocket only: stops reading (see WebSocket::pauseReading()), and whether the server
    // has ended the paused connection since.
    void pauseReading() { m_ws.pauseReading(); }
    void setReceiveBuffer(int bytes) { m_ws.setReceiveBuffer(bytes); }
    bool peerGone() const { return m_ws.peerGone(); }

    int index() const { return m_index; }
    State state() const { return m_state; }
    bool isConnected() const { return m_state == State::Connected; }
    Transport transport() const { return m_transport; }
    qint64 startedUs() const { return m_startedUs; }
    qint64 nextAckId() { return m_nextAckId++; }

    void webSocketOpened(WebSocket *ws) override;
    void webSocketText(WebSocket *ws, const QByteArray &text) override;
    void webSocketClosed(WebSocket *ws, CloseCause cause) override;
    void webSocketWritable(WebSocket *ws) override;
    void pollingPacket(Polling *polling, const QByteArray &packet) override;
    void pollingClosed(Polling *polling, CloseCause cause) override;
    void pollingWritable(Polling *polling) override;

private:
    bool overWebSocket() const { return m_transport == Transport::WebSocket || m_upgraded; }
    void handlePacket(const QByteArray &packet);
    void handleOpen(const QByteArray &packet);
    void upgraded();
    void maybeConnected();
    void lost(CloseCause cause);

    const int m_index;
    ClientHandler *m_handler;
    const Endpoint &m_endpoint;
    WebSocket m_ws;
    std::unique_ptr<Polling> m_polling;
    Transport m_transport = Transport::WebSocket;
    State m_state = State::Idle;
    bool m_namespaceConnected = false;
    bool m_upgraded = false;
    qint64 m_startedUs = 0;
    qint64 m_nextAckId = 0;
};
