// All clients of a run: connects them with a bounded number of handshakes in flight and a
// handshake time limit, disconnects them, and counts what went wrong.
#pragma once

#include "client.h"

#include <QtCore/QObject>
#include <QtCore/QTimer>

#include <functional>
#include <memory>
#include <vector>

class FleetListener
{
public:
    virtual ~FleetListener() = default;
    virtual void messageReceived(Client *client, const Message &message) = 0;
    virtual void clientWritable(Client *) {}
};

class Fleet : public QObject, public ClientHandler
{
public:
    static constexpr qint64 HandshakeTimeoutUs = 10'000'000;

    Fleet(const QList<Endpoint> &endpoints, FleetListener *listener, QObject *parent = nullptr);
    ~Fleet() override;

    // Adds count clients; a pollingShare of them, spread evenly, use long-polling. They connect to
    // the given endpoint, or with -1 to the endpoints in turn (client index modulo their number).
    void addClients(int count, double pollingShare, Client::Transport transport, int endpoint = -1);
    int size() const { return int(m_clients.size()); }
    Client *client(int index) const { return m_clients[std::size_t(index)].get(); }
    int endpointCount() const { return int(m_endpoints.size()); }
    int endpointOf(int index) const { return m_endpointOf[std::size_t(index)]; }

    // Connects clients [first, first + count) not yet connected, concurrency at a time; done()
    // once each has connected or failed.
    void connectClients(int first, int count, int concurrency, std::function<void()> done);
    // Closes every connected client; done() once all are closed (stragglers aborted after 5 s).
    void disconnectAll(std::function<void()> done);
    // Connects one idle client again, outside a connect round (churn).
    void reconnect(Client *client, Client::Transport transport);
    void abortAll();

    int connectedCount() const { return m_connected; }
    // The last connectClients() round: how many connected, failed, and its wall time.
    int roundConnected() const { return m_roundConnected; }
    int roundFailures() const { return m_roundFailures; }
    double roundSeconds() const { return double(m_roundEndUs - m_roundStartUs) / 1e6; }
    // Over the whole run.
    int failures() const { return m_failures; }
    int lost() const { return m_lost; } // connected clients the server dropped
    int timeouts() const { return m_timeouts; }

    void clientConnected(Client *client) override;
    void clientFailed(Client *client, CloseCause cause) override;
    void clientClosed(Client *client, CloseCause cause) override;
    void clientMessage(Client *client, const Message &message) override;
    void clientWritable(Client *client) override;

private:
    void launch();
    void settled();
    void sweep();
    void closedOne();

    const std::vector<Endpoint> m_endpoints; // never resized: clients keep references
    FleetListener *m_listener;
    std::vector<std::unique_ptr<Client>> m_clients;
    std::vector<Client::Transport> m_transports;
    std::vector<int> m_endpointOf;
    QTimer m_sweep;
    QTimer m_closeDeadline;

    int m_connected = 0;
    int m_failures = 0;
    int m_lost = 0;
    int m_timeouts = 0;

    // the connect round in progress
    int m_next = 0;
    int m_end = 0;
    int m_concurrency = 1;
    int m_inFlight = 0;
    int m_roundConnected = 0;
    int m_roundFailures = 0;
    qint64 m_roundStartUs = 0;
    qint64 m_roundEndUs = 0;
    std::function<void()> m_connectDone;

    // the disconnect in progress
    int m_closing = 0;
    std::function<void()> m_closeDone;
};
