// fanout, echo and roomchat: timestamped messages at a steady rate, latency from the "t" field.
#include "workload.h"

#include <cmath>

namespace {

QByteArray padding(int size)
{
    return QByteArray(size, 'x');
}

// The phases the three share: connect, requests (joins) with acks, warmup, window, drain.
class Timed : public Workload
{
public:
    using Workload::Workload;

protected:
    // Starts the load (the pacer), then opens and closes the window and drains.
    void run(double perSecond, std::function<void(quint64)> action)
    {
        progress(QStringLiteral("load on, %1 emits/s").arg(perSecond));
        m_pacer.start(perSecond, std::move(action));
        QTimer::singleShot(int(m_options.warmup * 1000), this, [this] {
            windowBegins();
            beginWindow();
            QTimer::singleShot(int(m_options.duration * 1000), this, [this] {
                endWindow();
                m_pacer.stop();
                waitQuiet([this] { return m_received; }, 500, 10'000, [this] {
                    if (m_delivered == 0)
                        invalidate(QStringLiteral("nothing delivered in the measured window"));
                    finish();
                });
            });
        });
    }
    virtual void windowBegins() {}

    // A message stamped with t arrived now.
    void received(qint64 t)
    {
        ++m_received;
        if (t < 0) {
            ++m_errors;
            return;
        }
        if (!inWindow(t))
            return;
        ++m_delivered;
        m_latency.add(nowUs() - t);
    }
    void addLatency(QJsonObject &json, std::initializer_list<int> percentiles) const
    {
        for (int p : percentiles)
            json[QStringLiteral("p%1_us").arg(p)] = m_latency.percentile(p);
    }
    double perSecond(quint64 count) const
    {
        const double seconds = windowSeconds();
        return seconds > 0 ? std::round(double(count) / seconds * 10) / 10 : 0.0;
    }
    void requireAllConnected(int expected)
    {
        if (m_fleet.connectedCount() < expected)
            invalidate(QStringLiteral("%1 of %2 clients connected").arg(m_fleet.connectedCount()).arg(expected));
    }

    quint64 m_received = 0;
    quint64 m_delivered = 0;
    quint64 m_sent = 0;
    LatencyHistogram m_latency;
};

// --clients join room "fanout"; one more client emits "bcast" at --rate with --size padding.
class Fanout final : public Timed
{
public:
    using Timed::Timed;

    void start() override
    {
        m_fleet.addClients(m_options.clients, m_options.pollingShare, Client::Transport::WebSocket);
        m_fleet.addClients(1, 0, Client::Transport::WebSocket); // the sender
        m_padding = padding(m_options.size);
        connectClients(0, m_fleet.size(), [this] {
            requireAllConnected(m_fleet.size());
            requestAll(0, m_options.clients, [](Client *) -> QByteArray { return QByteArrayLiteral("[\"join\",\"fanout\"]"); },
                       [this] {
                           Client *sender = m_fleet.client(m_options.clients);
                           run(m_options.rate, [this, sender](quint64) {
                               if (!sender->isConnected())
                                   return;
                               const qint64 t = nowUs();
                               if (inWindow(t))
                                   ++m_sent;
                               sender->send("42[\"bcast\",{\"t\":" + QByteArray::number(t) + ",\"p\":\""
                                            + m_padding + "\"}]");
                           });
                       });
        });
    }

private:
    void windowBegins() override
    {
        m_receivers = 0;
        for (int i = 0; i < m_options.clients; ++i)
            m_receivers += m_fleet.client(i)->isConnected() ? 1 : 0;
    }

    void messageReceived(Client *client, const Message &message) override
    {
        if (handleRequestAck(client, message))
            return;
        if (message.type == Message::Type::Event && message.name == "bcast")
            received(message.t);
    }

    void addResults(QJsonObject &json) const override
    {
        const quint64 expected = m_sent * quint64(m_receivers);
        json[QStringLiteral("rate")] = m_options.rate;
        json[QStringLiteral("size")] = m_options.size;
        json[QStringLiteral("sent")] = qint64(m_sent);
        json[QStringLiteral("expected")] = qint64(expected);
        json[QStringLiteral("delivered")] = qint64(m_delivered);
        json[QStringLiteral("delivered_per_s")] = perSecond(m_delivered);
        json[QStringLiteral("loss")] =
            expected > 0 ? std::round(qMax(0.0, 1.0 - double(m_delivered) / double(expected)) * 1e6) / 1e6 : 0.0;
        addLatency(json, {50, 99});
    }

    QByteArray m_padding;
    int m_receivers = 0;
};

// Each client emits "echo" with {t} and an ack every --interval ms; latency is the round trip.
class Echo final : public Timed
{
public:
    using Timed::Timed;

    void start() override
    {
        m_fleet.addClients(m_options.clients, m_options.pollingShare, Client::Transport::WebSocket);
        connectClients(0, m_options.clients, [this] {
            requireAllConnected(m_options.clients);
            const int count = m_options.clients;
            run(count * 1000.0 / m_options.intervalMs, [this, count](quint64 k) {
                Client *client = m_fleet.client(int(k % quint64(count)));
                if (!client->isConnected())
                    return;
                const qint64 id = client->nextAckId();
                const qint64 t = nowUs();
                if (inWindow(t))
                    ++m_sent;
                client->send("42" + QByteArray::number(id) + "[\"echo\",{\"t\":" + QByteArray::number(t) + "}]");
            });
        });
    }

private:
    void messageReceived(Client *, const Message &message) override
    {
        if (message.type == Message::Type::Ack)
            received(message.t);
    }

    void addResults(QJsonObject &json) const override
    {
        // acks of the window's emits still missing after the drain count as errors
        json[QStringLiteral("errors")] = json[QStringLiteral("errors")].toInt() + int(m_sent - qMin(m_sent, m_delivered));
        json[QStringLiteral("acks")] = qint64(m_delivered);
        json[QStringLiteral("acks_per_s")] = perSecond(m_delivered);
        addLatency(json, {50, 99});
    }
};

// Clients in rooms r0, r1, ... of --room-size; each emits "chat" to its room every --interval ms.
class Roomchat final : public Timed
{
public:
    using Timed::Timed;

    void start() override
    {
        m_fleet.addClients(m_options.clients, m_options.pollingShare, Client::Transport::WebSocket);
        m_padding = padding(m_options.size);
        connectClients(0, m_options.clients, [this] {
            requireAllConnected(m_options.clients);
            requestAll(
                0, m_options.clients,
                [this](Client *client) -> QByteArray { return "[\"join\",\"" + room(client) + "\"]"; },
                [this] {
                    const int count = m_options.clients;
                    run(count * 1000.0 / m_options.intervalMs, [this, count](quint64 k) {
                        Client *client = m_fleet.client(int(k % quint64(count)));
                        if (!client->isConnected())
                            return;
                        const qint64 t = nowUs();
                        if (inWindow(t))
                            ++m_sent;
                        client->send("42[\"chat\",{\"room\":\"" + room(client) + "\",\"t\":" + QByteArray::number(t)
                                     + ",\"p\":\"" + m_padding + "\"}]");
                    });
                });
        });
    }

private:
    QByteArray room(Client *client) const
    {
        return 'r' + QByteArray::number(client->index() / m_options.roomSize);
    }

    void messageReceived(Client *client, const Message &message) override
    {
        if (handleRequestAck(client, message))
            return;
        if (message.type == Message::Type::Event && message.name == "chat")
            received(message.t);
    }

    void addResults(QJsonObject &json) const override
    {
        json[QStringLiteral("room_size")] = m_options.roomSize;
        json[QStringLiteral("sent")] = qint64(m_sent);
        json[QStringLiteral("delivered")] = qint64(m_delivered);
        json[QStringLiteral("delivered_per_s")] = perSecond(m_delivered);
        addLatency(json, {50, 95, 99});
    }

    QByteArray m_padding;
};

} // namespace

std::unique_ptr<Workload> createFanout(const Options &options)
{
    return std::make_unique<Fanout>(options);
}

std::unique_ptr<Workload> createEcho(const Options &options)
{
    return std::make_unique<Echo>(options);
}

std::unique_ptr<Workload> createRoomchat(const Options &options)
{
    return std::make_unique<Roomchat>(options);
}
