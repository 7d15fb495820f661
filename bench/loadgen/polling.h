// Engine.IO long-polling over a minimal HTTP/1.1 keep-alive client: one connection for the
// long-poll GETs, a second one for the POSTs, at most one request in flight on each (the server
// refuses overlapping polls or posts), packets separated by \x1e.
#pragma once

#include "common.h"

#include <QtCore/QByteArray>

#include <functional>

class QTcpSocket;
class HttpConnection;

class HttpHandler
{
public:
    virtual ~HttpHandler() = default;
    virtual void httpResponse(HttpConnection *connection, int status, const QByteArray &body) = 0;
    virtual void httpFailed(HttpConnection *connection, CloseCause cause) = 0;
};

class HttpConnection
{
public:
    explicit HttpConnection(HttpHandler *handler);
    ~HttpConnection();
    HttpConnection(const HttpConnection &) = delete;
    HttpConnection &operator=(const HttpConnection &) = delete;

    // One request at a time; reconnects if the server has closed the idle connection.
    void request(const Endpoint &endpoint, const QByteArray &method, const QByteArray &target,
                 const QByteArray &body = {});
    bool busy() const { return m_busy; }
    void abort();

private:
    void connectSocket();
    void onReadyRead();
    void onSocketGone();
    bool parseResponse(int &status, QByteArray &body, bool atEof);
    void complete(int status, const QByteArray &body, bool closeAfter);

    HttpHandler *m_handler;
    const Endpoint *m_endpoint = nullptr;
    QTcpSocket *m_socket = nullptr;
    QByteArray m_request;
    QByteArray m_in;
    bool m_busy = false;
    bool m_connected = false;
    bool m_retried = false;
};

class Polling;

class PollingHandler
{
public:
    virtual ~PollingHandler() = default;
    virtual void pollingPacket(Polling *polling, const QByteArray &packet) = 0;
    virtual void pollingClosed(Polling *polling, CloseCause cause) = 0;
    virtual void pollingWritable(Polling *polling) = 0;
};

class Polling : public HttpHandler
{
public:
    explicit Polling(PollingHandler *handler);
    ~Polling() override;

    // Sends the handshake GET; its "0{...}" open packet arrives through pollingPacket().
    void open(const Endpoint &endpoint);
    // With the sid known: starts the long-poll loop.
    void start(const QByteArray &sid);
    void send(const QByteArray &packet);
    qint64 backlog() const { return m_queue.size(); }
    // Stops polling; once nothing is in flight any more, calls done (the upgrade's pause).
    void pause(std::function<void()> done);
    // Sends close packets; pollingClosed(Closed) follows once the server has answered.
    void close(const QByteArray &lastPackets);
    void abort();
    bool isActive() const { return m_active; }

    void httpResponse(HttpConnection *connection, int status, const QByteArray &body) override;
    void httpFailed(HttpConnection *connection, CloseCause cause) override;

private:
    void poll();
    void flush();
    void checkPaused();
    void finish(CloseCause cause);

    PollingHandler *m_handler;
    HttpConnection m_get;
    HttpConnection m_post;
    const Endpoint *m_endpoint = nullptr;
    QByteArray m_target; // "/socket.io/?EIO=4&transport=polling&sid=..."
    QByteArray m_queue;  // packets waiting for the next POST, \x1e-separated
    std::function<void()> m_paused;
    bool m_active = false;
    bool m_polling = false;
    bool m_closing = false;
};
