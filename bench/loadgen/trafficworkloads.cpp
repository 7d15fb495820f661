// fanout, echo and roomchat: timestamped messages at a steady rate, latency from the "t" field.
#include "workload.h"

#include <QtCore/QJsonArray>

#include <cmath>
#include <limits>
#include <vector>

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
                waitQuiet([this] { return m_received; }, 500, 10'000,
                          [this] {
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

// --clients join room "fanout"; one more client emits "bcast" with --size padding at each --rate
// in turn. Every rate is a stage (warmup, window, drain); a stage over --max-p99 or with loss ends
// the ramp, and the result is the last stage that passed (a stage with the load generator above
// 90% of its core does not pass): the delivered rate at saturation. With several --url (servers
// of one cluster) the receivers are spread over them and the sender is on the first: the
// receivers elsewhere ("remote") get each broadcast through the cluster's adapter.
class Fanout final : public Timed
{
public:
    using Timed::Timed;

    void start() override
    {
        m_fleet.addClients(m_options.clients, m_options.pollingShare, Client::Transport::WebSocket);
        m_fleet.addClients(1, 0, Client::Transport::WebSocket, SenderEndpoint);
        m_padding = padding(m_options.size);
        connectClients(0, m_fleet.size(), [this] {
            requireAllConnected(m_fleet.size());
            requestAll(
                    0, m_options.clients,
                    [](Client *) -> QByteArray { return QByteArrayLiteral("[\"join\",\"fanout\"]"); },
                    [this] { runStage(0); });
        });
    }

private:
    static constexpr int SenderEndpoint = 0;

    struct Stage
    {
        QJsonObject json;
        bool passed = false;
        CpuMeter self;
        ProcessProbe server;
        ProcessProbe redis;
        qint64 windowStartUs = 0;
        qint64 windowEndUs = 0;
        LatencyHistogram latency;
        LatencyHistogram remoteLatency;
        quint64 sent = 0;
        quint64 delivered = 0;
        quint64 remoteDelivered = 0;
        int receivers = 0;
        int remoteReceivers = 0;
        double rate = 0;
    };

    bool remote(const Client *client) const { return m_fleet.endpointOf(client->index()) != SenderEndpoint; }

    bool ramping() const { return m_options.rates.size() > 1; }

    void runStage(int index)
    {
        m_stage = index;
        m_sent = 0;
        m_delivered = 0;
        m_latency = LatencyHistogram();
        m_remoteDelivered = 0;
        m_remoteLatency = LatencyHistogram();
        m_windowBegun = m_windowEnded = false;
        m_windowStartUs = m_windowEndUs = std::numeric_limits<qint64>::max();
        const double rate = m_options.rates.at(index);
        Client *sender = m_fleet.client(m_options.clients);
        progress(QStringLiteral("stage %1: %2 bcast/s").arg(index + 1).arg(rate));
        m_pacer.start(rate, [this, sender](quint64) {
            if (!sender->isConnected())
                return;
            const qint64 t = nowUs();
            if (inWindow(t))
                ++m_sent;
            sender->send("42[\"bcast\",{\"t\":" + QByteArray::number(t) + ",\"p\":\"" + m_padding + "\"}]");
        });
        QTimer::singleShot(int(m_options.warmup * 1000), this, [this] {
            m_receivers = 0;
            m_remoteReceivers = 0;
            for (int i = 0; i < m_options.clients; ++i) {
                const Client *client = m_fleet.client(i);
                m_receivers += client->isConnected() ? 1 : 0;
                m_remoteReceivers += client->isConnected() && remote(client) ? 1 : 0;
            }
            beginWindow();
            QTimer::singleShot(int(m_options.duration * 1000), this, [this] {
                endWindow();
                m_pacer.stop();
                // While ramping, a message later than the limit fails the stage anyway.
                const int maxDrainMs = ramping() ? int(m_options.maxP99Ms) + 500 : 10'000;
                waitQuiet([this] { return m_received; }, ramping() ? 300 : 500, maxDrainMs, [this] { closeStage(); });
            });
        });
    }

    // The stage in progress, its window closed now if it is still open.
    Stage currentStage() const
    {
        Stage stage;
        stage.rate = m_options.rates.at(m_stage);
        stage.self = m_selfCpu;
        stage.server = m_server;
        stage.redis = m_redis;
        stage.windowStartUs = m_windowStartUs;
        stage.windowEndUs = m_windowEnded ? m_windowEndUs : nowUs();
        stage.latency = m_latency;
        stage.remoteLatency = m_remoteLatency;
        stage.sent = m_sent;
        stage.delivered = m_delivered;
        stage.remoteDelivered = m_remoteDelivered;
        stage.receivers = m_receivers;
        stage.remoteReceivers = m_remoteReceivers;
        return stage;
    }

    void closeStage()
    {
        Stage stage = currentStage();
        QJsonObject json;
        writeStage(json, stage);
        json[QStringLiteral("duration_s")] = windowSeconds();
        json[QStringLiteral("loadgen_cpu")] = std::round(m_selfCpu.share() * 1000) / 1000;
        const double server = m_server.share();
        json[QStringLiteral("server_cpu")] = server >= 0 ? QJsonValue(std::round(server * 1000) / 1000) : QJsonValue();
        addProbeShares(json, m_server, m_redis);
        QStringList why;
        if (m_delivered == 0)
            why << QStringLiteral("nothing delivered");
        if (json[QStringLiteral("p99_us")].toDouble() > m_options.maxP99Ms * 1000)
            why << QStringLiteral("p99 over %1 ms").arg(m_options.maxP99Ms);
        if (json[QStringLiteral("loss")].toDouble() > 0.001)
            why << QStringLiteral("loss %1%").arg(json[QStringLiteral("loss")].toDouble() * 100, 0, 'f', 1);
        // Past the server's limit: later stages would only be worse.
        const bool overLimit = !why.isEmpty();
        if (m_selfCpu.share() > 0.9)
            why << QStringLiteral("loadgen_cpu above 0.9");
        stage.passed = why.isEmpty();
        json[QStringLiteral("passed")] = stage.passed;
        if (!why.isEmpty())
            json[QStringLiteral("failed_by")] = why.join(QStringLiteral("; "));
        stage.json = json;
        m_stages.push_back(std::move(stage));
        // A stage the load generator could not keep up with is not valid, but it does not end the
        // ramp: at higher rates the server batches its writes and the clients read less often.
        if (!overLimit && m_stage + 1 < m_options.rates.size()) {
            runStage(m_stage + 1);
            return;
        }
        // Report the last stage that passed (the first when none did) as the run's window.
        qsizetype chosen = 0;
        for (qsizetype i = 0; i < qsizetype(m_stages.size()); ++i) {
            if (m_stages[i].passed)
                chosen = i;
        }
        const Stage &result = m_stages[chosen];
        m_selfCpu = result.self;
        m_server = result.server;
        m_redis = result.redis;
        m_windowStartUs = result.windowStartUs;
        m_windowEndUs = result.windowEndUs;
        m_windowBegun = m_windowEnded = true;
        m_latency = result.latency;
        m_remoteLatency = result.remoteLatency;
        m_sent = result.sent;
        m_delivered = result.delivered;
        m_remoteDelivered = result.remoteDelivered;
        m_receivers = result.receivers;
        m_remoteReceivers = result.remoteReceivers;
        m_chosen = chosen;
        if (m_delivered == 0)
            invalidate(QStringLiteral("nothing delivered in the measured window"));
        finish();
    }

    void messageReceived(Client *client, const Message &message) override
    {
        if (handleRequestAck(client, message))
            return;
        if (message.type != Message::Type::Event || message.name != "bcast")
            return;
        received(message.t);
        if (message.t >= 0 && inWindow(message.t) && remote(client)) {
            ++m_remoteDelivered;
            m_remoteLatency.add(nowUs() - message.t);
        }
    }

    void writeStage(QJsonObject &json, const Stage &stage) const
    {
        const quint64 expected = stage.sent * quint64(stage.receivers);
        const double seconds = double(stage.windowEndUs - stage.windowStartUs) / 1e6;
        json[QStringLiteral("rate")] = stage.rate;
        json[QStringLiteral("sent")] = qint64(stage.sent);
        json[QStringLiteral("expected")] = qint64(expected);
        json[QStringLiteral("delivered")] = qint64(stage.delivered);
        json[QStringLiteral("delivered_per_s")] =
                seconds > 0 ? std::round(double(stage.delivered) / seconds * 10) / 10 : 0.0;
        json[QStringLiteral("loss")] = expected > 0
                ? std::round(qMax(0.0, 1.0 - double(stage.delivered) / double(expected)) * 1e6) / 1e6
                : 0.0;
        json[QStringLiteral("p50_us")] = stage.latency.percentile(50);
        json[QStringLiteral("p99_us")] = stage.latency.percentile(99);
        if (m_fleet.endpointCount() < 2)
            return;
        // The receivers that are not on the sender's server.
        const quint64 remoteExpected = stage.sent * quint64(stage.remoteReceivers);
        json[QStringLiteral("remote_receivers")] = stage.remoteReceivers;
        json[QStringLiteral("remote_delivered")] = qint64(stage.remoteDelivered);
        json[QStringLiteral("remote_loss")] = remoteExpected > 0
                ? std::round(qMax(0.0, 1.0 - double(stage.remoteDelivered) / double(remoteExpected)) * 1e6) / 1e6
                : 0.0;
        json[QStringLiteral("remote_p50_us")] = stage.remoteLatency.percentile(50);
        json[QStringLiteral("remote_p99_us")] = stage.remoteLatency.percentile(99);
    }

    void addResults(QJsonObject &json) const override
    {
        json[QStringLiteral("size")] = m_options.size;
        if (m_stages.empty()) { // ended before the first stage closed
            writeStage(json, currentStage());
            return;
        }
        const Stage &chosen = m_stages[m_chosen];
        writeStage(json, chosen);
        json[QStringLiteral("max_p99_us")] = m_options.maxP99Ms * 1000;
        json[QStringLiteral("saturation_rate")] = chosen.passed ? QJsonValue(chosen.rate) : QJsonValue();
        json[QStringLiteral("stopped_by")] = m_stages.back().passed
                ? QJsonValue(QStringLiteral("highest rate"))
                : QJsonValue(QStringLiteral("%1 at %2/s")
                                     .arg(m_stages.back().json[QStringLiteral("failed_by")].toString())
                                     .arg(m_stages.back().rate));
        QJsonArray stages;
        for (const Stage &stage : m_stages)
            stages.append(stage.json);
        json[QStringLiteral("stages")] = stages;
    }

    QByteArray m_padding;
    int m_receivers = 0;
    int m_remoteReceivers = 0;
    quint64 m_remoteDelivered = 0;
    LatencyHistogram m_remoteLatency;
    int m_stage = 0;
    qsizetype m_chosen = 0;
    std::vector<Stage> m_stages;
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
        json[QStringLiteral("errors")] =
                json[QStringLiteral("errors")].toInt() + int(m_sent - qMin(m_sent, m_delivered));
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
    QByteArray room(Client *client) const { return 'r' + QByteArray::number(client->index() / m_options.roomSize); }

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
