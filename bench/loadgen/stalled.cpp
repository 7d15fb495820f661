// stalled: clients that stop reading in the middle of a broadcast stream (a phone in a tunnel, a
// frozen tab). --clients receivers join room "fanout"; one more client emits "bcast" with --size
// bytes of padding at --rate per second. After --warmup seconds a --stalled-share of the
// receivers, spread evenly over the fleet, stop reading their sockets (so they answer no pings
// either) for the --duration window. Reported: the server's RSS growth, the healthy receivers'
// latency (overall and per second), and when the server dropped the stalled ones and why.
#include "workload.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>

#include <algorithm>
#include <cmath>
#include <vector>

namespace {

class Stalled final : public Workload
{
public:
    using Workload::Workload;

    void start() override
    {
        const int n = m_options.clients;
        const int stalled = int(std::lround(n * m_options.stalledShare));
        m_stalled.assign(std::size_t(n) + 1, false);
        for (int i = 0; i < n; ++i) // Bresenham: `stalled` of n, evenly spread
            m_stalled[std::size_t(i)] = (qint64(i) * stalled / n) != (qint64(i + 1) * stalled / n);
        m_stalledCount = stalled;
        m_fleet.addClients(n, 0, Client::Transport::WebSocket);
        m_fleet.addClients(1, 0, Client::Transport::WebSocket, 0); // the sender, on the first --url
        // A remote client's receive buffer is its own memory, not the server machine's: on
        // loopback the stalled ones keep theirs small, as a phone's, from the start.
        for (int i = 0; i < n; ++i) {
            if (m_stalled[std::size_t(i)])
                m_fleet.client(i)->setReceiveBuffer(m_options.stalledReceiveBuffer);
        }
        m_padding = QByteArray(m_options.size, 'x');
        connectClients(0, m_fleet.size(), [this, n] {
            if (m_fleet.connectedCount() < m_fleet.size())
                invalidate(
                        QStringLiteral("%1 of %2 clients connected").arg(m_fleet.connectedCount()).arg(m_fleet.size()));
            requestAll(
                    0, n, [](Client *) -> QByteArray { return QByteArrayLiteral("[\"join\",\"fanout\"]"); },
                    [this] { run(); });
        });
    }

    void messageReceived(Client *client, const Message &message) override
    {
        if (handleRequestAck(client, message))
            return;
        if (message.type == Message::Type::Ack) {
            if (client == m_control && message.ackId == m_countId) {
                m_serverCounts = QJsonDocument::fromJson(message.args.toByteArray()).array().at(0).toObject();
                // Each reason's first and last time, in s after the stall began.
                QJsonObject reasons = m_serverCounts.value(QStringLiteral("disconnects")).toObject();
                for (auto it = reasons.begin(); it != reasons.end(); ++it) {
                    QJsonObject entry = it.value().toObject();
                    for (const char *key : {"first", "last"}) {
                        const QString us = QString::fromLatin1(key) + QStringLiteral("_us");
                        const double at = entry.value(us).toDouble();
                        entry.remove(us);
                        entry[QString::fromLatin1(key) + QStringLiteral("_s")] =
                                std::round((at - double(m_windowStartUs)) / 1e5) / 10;
                    }
                    it.value() = entry;
                }
                m_serverCounts[QStringLiteral("disconnects")] = reasons;
                finish();
            }
            return;
        }
        if (message.name != "bcast" || m_stalled[std::size_t(client->index())])
            return;
        ++m_received;
        const qint64 now = nowUs();
        if (!inWindow(message.t))
            return;
        const qint64 latency = now - message.t;
        ++m_delivered;
        m_latency.add(latency);
        const qint64 second = (now - m_windowStartUs) / 1'000'000;
        if (second != m_second) {
            closeSecond();
            m_second = second;
        }
        m_secondSamples.push_back(quint32(qMin<qint64>(latency, 0xffffffff)));
    }

protected:
    void addResults(QJsonObject &json) const override
    {
        const int healthy = m_options.clients - m_stalledCount;
        const double seconds = windowSeconds();
        json[QStringLiteral("stalled")] = m_stalledCount;
        json[QStringLiteral("healthy")] = healthy;
        json[QStringLiteral("rate")] = m_options.rates.constFirst();
        json[QStringLiteral("size")] = m_options.size;
        json[QStringLiteral("stalled_rcvbuf")] = m_options.stalledReceiveBuffer;
        json[QStringLiteral("sent")] = qint64(m_sent);
        json[QStringLiteral("sent_per_s")] = seconds > 0 ? std::round(double(m_sent) / seconds * 10) / 10 : 0.0;
        // Broadcasts per second that reached a healthy receiver, on average.
        json[QStringLiteral("delivered_per_s")] =
                seconds > 0 && healthy > 0 ? std::round(double(m_delivered) / healthy / seconds * 10) / 10 : 0.0;
        json[QStringLiteral("p50_us")] = m_latency.percentile(50);
        json[QStringLiteral("p99_us")] = m_latency.percentile(99);
        QJsonArray perSecond;
        qint64 worst = 0;
        for (qint64 p99 : m_secondP99) {
            perSecond.append(double(p99) / 1000.0);
            worst = qMax(worst, p99);
        }
        json[QStringLiteral("worst_second_p99_us")] = worst;
        json[QStringLiteral("second_p99_ms")] = perSecond;
        json[QStringLiteral("rss_start_kb")] = m_rssStartKb;
        json[QStringLiteral("rss_peak_kb")] = m_rssPeakKb;
        json[QStringLiteral("rss_end_kb")] = m_rssEndKb;
        json[QStringLiteral("rss_growth_kb")] = m_rssStartKb >= 0 ? m_rssPeakKb - m_rssStartKb : -1;
        // Stalled connections the client side saw end (a FIN waits behind the unread bytes, so
        // only a reset shows); the server's own account is server_counts.disconnects.
        json[QStringLiteral("stalled_dropped")] = int(m_dropTimes.size());
        if (!m_dropTimes.empty()) {
            json[QStringLiteral("first_drop_s")] = std::round(m_dropTimes.front() / 1e5) / 10;
            json[QStringLiteral("last_drop_s")] = std::round(m_dropTimes.back() / 1e5) / 10;
        }
        json[QStringLiteral("healthy_lost")] = m_fleet.lost();
        json[QStringLiteral("server_counts")] = m_serverCounts;
    }

private:
    void run()
    {
        const int n = m_options.clients;
        Client *sender = m_fleet.client(n);
        for (int i = 0; i < n; ++i) {
            if (!m_stalled[std::size_t(i)] && !m_control)
                m_control = m_fleet.client(i);
        }
        progress(QStringLiteral("%1 bcast/s of %2 bytes; %3 of %4 receivers stall after %5 s")
                         .arg(m_options.rates.constFirst())
                         .arg(m_options.size)
                         .arg(m_stalledCount)
                         .arg(n)
                         .arg(m_options.warmup));
        m_pacer.start(m_options.rates.constFirst(), [this, sender](quint64) {
            if (!sender->isConnected())
                return;
            const qint64 t = nowUs();
            if (inWindow(t))
                ++m_sent;
            sender->send("42[\"bcast\",{\"t\":" + QByteArray::number(t) + ",\"p\":\"" + m_padding + "\"}]");
        });
        QTimer::singleShot(int(m_options.warmup * 1000), this, [this, n] {
            for (int i = 0; i < n; ++i) {
                if (m_stalled[std::size_t(i)])
                    m_fleet.client(i)->pauseReading();
            }
            m_gone.assign(std::size_t(n), false);
            m_rssStartKb = m_server.rssKb();
            m_rssPeakKb = m_rssStartKb;
            beginWindow();
            auto *sampler = new QTimer(this);
            sampler->setInterval(100);
            connect(sampler, &QTimer::timeout, this, [this, n] { sample(n); });
            sampler->start();
            QTimer::singleShot(int(m_options.duration * 1000), this, [this, sampler, n] {
                sample(n);
                sampler->stop();
                endWindow();
                m_pacer.stop();
                closeSecond();
                waitQuiet([this] { return m_received; }, 500, 10'000, [this] { askServer(); });
            });
        });
    }

    // Every 100 ms: the server's RSS, and which stalled clients the server has dropped.
    void sample(int n)
    {
        const qint64 rss = m_server.rssKb();
        if (rss >= 0) {
            m_rssPeakKb = qMax(m_rssPeakKb, rss);
            m_rssEndKb = rss;
        }
        const qint64 now = nowUs();
        for (int i = 0; i < n; ++i) {
            if (!m_stalled[std::size_t(i)] || m_gone[std::size_t(i)])
                continue;
            if (m_fleet.client(i)->peerGone()) {
                m_gone[std::size_t(i)] = true;
                m_dropTimes.push_back(double(now - m_windowStartUs));
            }
        }
    }

    void closeSecond()
    {
        if (m_secondSamples.empty())
            return;
        const std::size_t rank = std::size_t(std::ceil(0.99 * double(m_secondSamples.size()))) - 1;
        std::nth_element(m_secondSamples.begin(), m_secondSamples.begin() + qint64(rank), m_secondSamples.end());
        m_secondP99.push_back(m_secondSamples[rank]);
        m_secondSamples.clear();
    }

    // The server's own counts (disconnect reasons), then the end.
    void askServer()
    {
        if (!m_control || !m_control->isConnected()) {
            finish();
            return;
        }
        m_countId = m_control->nextAckId();
        m_control->send("42" + QByteArray::number(m_countId) + "[\"count\"]");
        QTimer::singleShot(5000, this, [this] {
            if (m_serverCounts.isEmpty())
                finish();
        });
    }

    std::vector<bool> m_stalled;     // by client index; the sender is never stalled
    std::vector<bool> m_gone;        // stalled clients the server has dropped
    std::vector<double> m_dropTimes; // µs after the stall began
    int m_stalledCount = 0;
    QByteArray m_padding;
    Client *m_control = nullptr; // a healthy receiver that asks the server for its counts
    qint64 m_countId = -1;
    QJsonObject m_serverCounts;
    quint64 m_sent = 0;
    quint64 m_received = 0;
    quint64 m_delivered = 0;
    LatencyHistogram m_latency;
    qint64 m_second = 0;
    std::vector<quint32> m_secondSamples;
    std::vector<qint64> m_secondP99;
    qint64 m_rssStartKb = -1;
    qint64 m_rssPeakKb = -1;
    qint64 m_rssEndKb = -1;
};

} // namespace

std::unique_ptr<Workload> createStalled(const Options &options)
{
    return std::make_unique<Stalled>(options);
}
