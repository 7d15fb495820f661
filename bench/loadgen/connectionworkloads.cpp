// idle, storm and churn: connection counts, handshake speed, the server's memory per connection,
// and a steady stream of clients leaving and coming back.
#include "workload.h"

#include <QtCore/QJsonArray>

#include <cmath>

namespace {

// --clients connect (a --polling-share of them over long-polling) and emit "ping" --emit-rate times
// a second (0: they only answer Engine.IO's heartbeat);
// RSS is read before connecting, at the end of the window and after each reconnection wave.
class Idle final : public Workload
{
public:
    using Workload::Workload;

    void start() override
    {
        m_rssBaseline = m_server.rssKb();
        m_fleet.addClients(m_options.clients, m_options.pollingShare, Client::Transport::WebSocket);
        connectClients(0, m_options.clients, [this] {
            m_connected = m_fleet.roundConnected();
            m_connectSeconds = m_fleet.roundSeconds();
            const int count = m_options.clients;
            if (m_options.emitRate > 0) {
                m_pacer.start(count * m_options.emitRate, [this, count](quint64 k) {
                    Client *client = m_fleet.client(int(k % quint64(count)));
                    if (client->isConnected())
                        client->send(QByteArrayLiteral("42[\"ping\"]"));
                });
            }
            QTimer::singleShot(int(m_options.warmup * 1000), this, [this] {
                beginWindow();
                QTimer::singleShot(int(m_options.duration * 1000), this, [this] {
                    endWindow();
                    m_plateaus.append(m_server.rssKb());
                    nextWave();
                });
            });
        });
    }

private:
    void nextWave()
    {
        if (m_wavesDone == m_options.waves) {
            finish();
            return;
        }
        ++m_wavesDone;
        progress(QStringLiteral("wave %1: disconnecting").arg(m_wavesDone));
        m_fleet.disconnectAll([this] {
            QTimer::singleShot(1000, this, [this] {
                connectClients(0, m_options.clients, [this] {
                    QTimer::singleShot(int(m_options.settle * 1000), this, [this] {
                        m_plateaus.append(m_server.rssKb());
                        nextWave();
                    });
                });
            });
        });
    }

    void addResults(QJsonObject &json) const override
    {
        json[QStringLiteral("connected")] = m_connected;
        json[QStringLiteral("failures")] = m_fleet.failures();
        json[QStringLiteral("connect_s")] = std::round(m_connectSeconds * 1000) / 1000;
        const bool haveRss = m_server.isValid() && m_rssBaseline >= 0;
        json[QStringLiteral("rss_baseline_kb")] = haveRss ? QJsonValue(m_rssBaseline) : QJsonValue();
        QJsonArray plateaus;
        for (qint64 kb : m_plateaus)
            plateaus.append(kb >= 0 ? QJsonValue(kb) : QJsonValue());
        json[QStringLiteral("rss_plateau_kb")] = haveRss ? QJsonValue(plateaus) : QJsonValue();
        if (haveRss && !m_plateaus.isEmpty() && m_plateaus.constFirst() > 0) {
            const double perConn = double(m_plateaus.constFirst() - m_rssBaseline) * 1024 / m_options.clients;
            json[QStringLiteral("rss_per_conn_bytes")] = std::round(perConn);
            json[QStringLiteral("rss_return_ratio")] =
                    std::round(double(m_plateaus.constLast()) / double(m_plateaus.constFirst()) * 1000) / 1000;
        } else {
            json[QStringLiteral("rss_per_conn_bytes")] = QJsonValue();
            json[QStringLiteral("rss_return_ratio")] = QJsonValue();
        }
    }

    int m_connected = 0;
    double m_connectSeconds = 0;
    qint64 m_rssBaseline = -1;
    QList<qint64> m_plateaus;
    int m_wavesDone = 0;
};

// --clients connect as fast as they can, --concurrency at a time: polling handshake, "40", then
// the upgrade to WebSocket (2probe / 3probe / 5). The window is the storm itself.
class Storm final : public Workload
{
public:
    using Workload::Workload;

    void start() override
    {
        m_fleet.addClients(m_options.clients, 0, Client::Transport::Upgrade);
        beginWindow();
        connectClients(
                0, m_options.clients,
                [this] {
                    endWindow();
                    m_elapsed = m_fleet.roundSeconds();
                    finish();
                },
                m_options.concurrency);
    }

private:
    void addResults(QJsonObject &json) const override
    {
        json[QStringLiteral("connected")] = m_fleet.roundConnected();
        json[QStringLiteral("failures")] = m_fleet.failures();
        json[QStringLiteral("connections_per_s")] =
                m_elapsed > 0 ? std::round(m_fleet.roundConnected() / m_elapsed * 10) / 10 : 0.0;
        json[QStringLiteral("elapsed_s")] = std::round(m_elapsed * 1000) / 1000;
    }

    double m_elapsed = 0;
};

// --clients connect over WebSocket; then, for the window, --rate of them per second close and
// --rate per second connect again, half a second later: a busy server whose population stays
// about constant (what an admin console watching it must keep up with).
class Churn final : public Workload
{
public:
    using Workload::Workload;

    void start() override
    {
        m_fleet.addClients(m_options.clients, 0, Client::Transport::WebSocket);
        connectClients(0, m_options.clients, [this] {
            m_connected = m_fleet.roundConnected();
            const double rate = m_options.rates.isEmpty() ? 100 : m_options.rates.constFirst();
            const int count = m_options.clients;
            const quint64 lag = quint64(qMax(1.0, rate / 2)); // reconnect half a second after the close
            beginWindow();
            m_pacer.start(rate, [this, count, lag](quint64 k) {
                Client *leaving = m_fleet.client(int(k % quint64(count)));
                if (leaving->isConnected()) {
                    leaving->close();
                    ++m_closes;
                }
                if (k >= lag) {
                    Client *returning = m_fleet.client(int((k - lag) % quint64(count)));
                    if (returning->state() == Client::State::Idle) {
                        m_fleet.reconnect(returning, Client::Transport::WebSocket);
                        ++m_reconnects;
                    }
                }
            });
            QTimer::singleShot(int(m_options.duration * 1000), this, [this] {
                m_pacer.stop();
                endWindow();
                finish();
            });
        });
    }

private:
    void addResults(QJsonObject &json) const override
    {
        json[QStringLiteral("connected")] = m_connected;
        json[QStringLiteral("closes")] = qint64(m_closes);
        json[QStringLiteral("reconnects")] = qint64(m_reconnects);
        json[QStringLiteral("failures")] = m_fleet.failures();
        json[QStringLiteral("churn_per_s")] =
                m_options.duration > 0 ? std::round(double(m_closes) / m_options.duration * 10) / 10 : 0.0;
    }

    int m_connected = 0;
    quint64 m_closes = 0;
    quint64 m_reconnects = 0;
};

} // namespace

std::unique_ptr<Workload> createChurn(const Options &options)
{
    return std::make_unique<Churn>(options);
}

std::unique_ptr<Workload> createIdle(const Options &options)
{
    return std::make_unique<Idle>(options);
}

std::unique_ptr<Workload> createStorm(const Options &options)
{
    return std::make_unique<Storm>(options);
}
