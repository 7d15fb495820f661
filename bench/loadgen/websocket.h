// A minimal RFC 6455 WebSocket client over QTcpSocket: the HTTP/1.1 upgrade with its
// Sec-WebSocket-Accept check, masked client frames, text messages (fragments reassembled),
// ping/pong and the close handshake. A plain class, one QTcpSocket per connection: lean enough
// for tens of thousands in one thread, unlike QWebSocket.
#pragma once

#include "common.h"

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayView>

class QTcpSocket;
class WebSocket;

class WebSocketHandler
{
public:
    virtual ~WebSocketHandler() = default;
    virtual void webSocketOpened(WebSocket *ws) = 0;
    virtual void webSocketText(WebSocket *ws, const QByteArray &text) = 0;
    virtual void webSocketClosed(WebSocket *ws, CloseCause cause) = 0;
    virtual void webSocketWritable(WebSocket *ws) = 0;
};

class WebSocket
{
public:
    enum class State { Unconnected, Connecting, Upgrading, Open, Closing };

    explicit WebSocket(WebSocketHandler *handler);
    ~WebSocket();
    WebSocket(const WebSocket &) = delete;
    WebSocket &operator=(const WebSocket &) = delete;

    // target: the request target, e.g. "/socket.io/?EIO=4&transport=websocket"
    void open(const Endpoint &endpoint, const QByteArray &target);
    void sendText(QByteArrayView payload);
    // Appends one masked text frame to out; write the batch with writeFrames().
    static void appendTextFrame(QByteArray &out, QByteArrayView payload);
    void writeFrames(const QByteArray &frames);
    // Starts the close handshake and returns true; webSocketClosed(Closed) follows once the
    // server has closed TCP. Before the upgrade it just aborts and returns false (no callback).
    bool close();
    // Drops the connection at once, without callbacks.
    void abort();
    // Caps the kernel's receive buffer of the connections opened from now on (0: the default).
    void setReceiveBuffer(int bytes) { m_receiveBuffer = bytes; }
    // Stops reading, as a frozen client does: what the server sends piles up in the kernel's
    // buffers, and its pings go unanswered.
    void pauseReading();
    // Whether the server has ended a paused connection (FIN, reset or error), seen without
    // reading from it.
    bool peerGone() const;

    State state() const { return m_state; }
    bool isOpen() const { return m_state == State::Open; }
    qint64 bytesToWrite() const;

private:
    void onConnected();
    void onReadyRead();
    void onSocketGone();
    bool readUpgradeResponse();
    void readFrames();
    void handleFrame(bool fin, int opcode, QByteArray &&payload);
    void finish(CloseCause cause);
    static void appendFrame(QByteArray &out, int opcode, QByteArrayView payload);

    WebSocketHandler *m_handler;
    QTcpSocket *m_socket = nullptr;
    State m_state = State::Unconnected;
    bool m_closeSent = false;
    bool m_closedByUs = false;
    bool m_paused = false;
    int m_receiveBuffer = 0;
    quint32 m_generation = 0;
    QByteArray m_in;
    QByteArray m_fragments;
    QByteArray m_request; // the upgrade request until sent, then the expected accept value
};
