#include "fleet.h"

#include <cmath>

Fleet::Fleet(const QList<Endpoint> &endpoints, FleetListener *listener, QObject *parent)
    : QObject(parent), m_endpoints(endpoints.cbegin(), endpoints.cend()), m_listener(listener)
{
    m_sweep.setInterval(250);
    connect(&m_sweep, &QTimer::timeout, this, [this] { sweep(); });
    m_closeDeadline.setSingleShot(true);
    m_closeDeadline.setInterval(5000);
    connect(&m_closeDeadline, &QTimer::timeout, this, [this] {
        for (const auto &client : m_clients) {
            if (client->state() == Client::State::Closing) {
                client->abort();
                --m_connected;
                closedOne();
            }
        }
    });
}

Fleet::~Fleet()
{
    abortAll();
}

void Fleet::addClients(int count, double pollingShare, Client::Transport transport, int endpoint)
{
    m_clients.reserve(m_clients.size() + std::size_t(count));
    for (int i = 0; i < count; ++i) {
        const int index = size();
        const bool polling = std::floor((i + 1) * pollingShare) > std::floor(i * pollingShare);
        const int target = endpoint >= 0 ? endpoint : index % endpointCount();
        m_clients.push_back(std::make_unique<Client>(index, this, m_endpoints[std::size_t(target)]));
        m_transports.push_back(polling ? Client::Transport::Polling : transport);
        m_endpointOf.push_back(target);
    }
}

void Fleet::connectClients(int first, int count, int concurrency, std::function<void()> done)
{
    m_next = first;
    m_end = qMin(first + count, size());
    m_concurrency = qMax(1, concurrency);
    m_inFlight = 0;
    m_roundConnected = 0;
    m_roundFailures = 0;
    m_roundStartUs = nowUs();
    m_roundEndUs = m_roundStartUs;
    m_connectDone = std::move(done);
    m_sweep.start();
    launch();
    if (m_inFlight == 0)
        settled();
}

void Fleet::launch()
{
    while (m_inFlight < m_concurrency && m_next < m_end) {
        Client *client = m_clients[std::size_t(m_next)].get();
        const Client::Transport transport = m_transports[std::size_t(m_next)];
        ++m_next;
        if (client->state() != Client::State::Idle)
            continue;
        ++m_inFlight;
        client->connectTo(transport);
    }
}

void Fleet::reconnect(Client *client, Client::Transport transport)
{
    if (client->state() != Client::State::Idle)
        return;
    ++m_inFlight;
    client->connectTo(transport);
}

void Fleet::settled()
{
    if (!m_connectDone || m_inFlight > 0 || m_next < m_end)
        return;
    m_roundEndUs = nowUs();
    m_sweep.stop();
    // Leave the socket's signal handler before the next phase starts.
    QTimer::singleShot(0, this, [done = std::exchange(m_connectDone, nullptr)] { done(); });
}

void Fleet::sweep()
{
    const qint64 now = nowUs();
    for (const auto &client : m_clients) {
        if (client->state() == Client::State::Connecting && now - client->startedUs() > HandshakeTimeoutUs) {
            client->abort();
            ++m_timeouts;
            clientFailed(client.get(), CloseCause::Timeout);
        }
    }
}

void Fleet::clientConnected(Client *)
{
    ++m_connected;
    ++m_roundConnected;
    m_roundEndUs = nowUs();
    --m_inFlight;
    launch();
    settled();
}

void Fleet::clientFailed(Client *, CloseCause)
{
    ++m_failures;
    ++m_roundFailures;
    m_roundEndUs = nowUs();
    --m_inFlight;
    launch();
    settled();
}

void Fleet::clientClosed(Client *, CloseCause cause)
{
    --m_connected;
    if (cause != CloseCause::Closed)
        ++m_lost;
    if (m_closeDone)
        closedOne();
}

void Fleet::clientMessage(Client *client, const Message &message)
{
    m_listener->messageReceived(client, message);
}

void Fleet::clientWritable(Client *client)
{
    m_listener->clientWritable(client);
}

void Fleet::disconnectAll(std::function<void()> done)
{
    m_closeDone = std::move(done);
    m_closing = 0;
    for (const auto &client : m_clients) {
        if (client->isConnected())
            ++m_closing;
    }
    if (m_closing == 0) {
        QTimer::singleShot(0, this, [done = std::exchange(m_closeDone, nullptr)] { done(); });
        return;
    }
    ++m_closing; // held until the loop is over, so synchronous closes cannot finish early
    for (const auto &client : m_clients)
        client->close();
    m_closeDeadline.start();
    closedOne();
}

void Fleet::closedOne()
{
    if (--m_closing > 0 || !m_closeDone)
        return;
    m_closeDeadline.stop();
    QTimer::singleShot(0, this, [done = std::exchange(m_closeDone, nullptr)] { done(); });
}

void Fleet::abortAll()
{
    for (const auto &client : m_clients) {
        if (client->state() == Client::State::Connected || client->state() == Client::State::Closing)
            --m_connected;
        client->abort();
    }
}
