// inbound: clients emit "inbound" as fast as the transport accepts; the server's "count" ack
// tells when it has handled them all.
#include "workload.h"

#include <cmath>

namespace {

constexpr qint64 MaxBacklog = 64 * 1024;
constexpr int CountPollMs = 20;
constexpr qint64 StallUs = 3'000'000;

class Inbound final : public Workload
{
public:
    using Workload::Workload;

    void start() override
    {
        m_fleet.addClients(m_options.clients, m_options.pollingShare, Client::Transport::WebSocket);
        m_remaining.assign(std::size_t(m_options.clients), 0);
        connectClients(0, m_options.clients, [this] {
            if (m_fleet.connectedCount() < m_options.clients)
                invalidate(QStringLiteral("%1 of %2 clients connected")
                                   .arg(m_fleet.connectedCount())
                                   .arg(m_options.clients));
            if (m_fleet.connectedCount() == 0) {
                finish();
                return;
            }
            m_control = firstConnected();
            if (m_options.warmup > 0)
                warmup();
            else
                reset();
        });
        m_countTimer.setSingleShot(true);
        connect(&m_countTimer, &QTimer::timeout, this, [this] { askCount(); });
    }

private:
    Client *firstConnected() const
    {
        for (int i = 0; i < m_fleet.size(); ++i) {
            if (m_fleet.client(i)->isConnected())
                return m_fleet.client(i);
        }
        return m_fleet.client(0);
    }

    // Unmeasured load for --warmup seconds, then wait until the server's count stops moving.
    void warmup()
    {
        progress(QStringLiteral("warmup"));
        m_phase = Phase::Warmup;
        topUpAll();
        QTimer::singleShot(int(m_options.warmup * 1000), this, [this] {
            m_phase = Phase::Settling;
            m_lastCount = -1;
            askCount();
        });
    }

    void reset()
    {
        m_phase = Phase::Resetting;
        m_resetId = m_control->nextAckId();
        m_control->send("42" + QByteArray::number(m_resetId) + "[\"reset\"]");
    }

    void measure()
    {
        progress(QStringLiteral("measuring"));
        m_phase = Phase::Sending;
        for (int i = 0; i < m_options.clients; ++i)
            m_remaining[std::size_t(i)] = m_fleet.client(i)->isConnected() ? m_options.events : 0;
        m_total = 0;
        m_senders = 0;
        for (qint64 n : m_remaining) {
            m_total += n;
            m_senders += n > 0 ? 1 : 0;
        }
        m_lastCount = 0;
        m_lastProgressUs = nowUs();
        beginWindow();
        topUpAll();
    }

    void topUpAll()
    {
        for (int i = 0; i < m_options.clients; ++i)
            topUp(m_fleet.client(i));
    }

    void topUp(Client *client)
    {
        if (!client->isConnected() || (m_phase != Phase::Warmup && m_phase != Phase::Sending))
            return;
        qint64 &remaining = m_remaining[std::size_t(client->index())];
        const qint64 room = MaxBacklog - client->backlog();
        if (room <= 0)
            return;
        qint64 batch = room / (m_frame.size() + 6) + 1;
        if (m_phase == Phase::Sending)
            batch = qMin(batch, remaining);
        if (batch <= 0)
            return;
        client->sendRepeated(m_frame, int(batch));
        if (m_phase == Phase::Sending) {
            remaining -= batch;
            if (remaining == 0 && ++m_finishedClients == m_senders) {
                progress(QStringLiteral("all events written"));
                askCount();
            }
        }
    }

    void clientWritable(Client *client) override { topUp(client); }

    void askCount()
    {
        if (!m_control->isConnected()) {
            ++m_errors;
            endWindow();
            finish();
            return;
        }
        m_countId = m_control->nextAckId();
        m_control->send("42" + QByteArray::number(m_countId) + "[\"count\"]");
    }

    void messageReceived(Client *client, const Message &message) override
    {
        if (client != m_control || message.type != Message::Type::Ack)
            return;
        if (message.ackId == m_resetId && m_phase == Phase::Resetting) {
            measure();
            return;
        }
        if (message.ackId != m_countId)
            return;
        const qint64 count = findInteger(message.args, "\"inbound\":");
        if (count < 0) {
            ++m_errors;
            return;
        }
        counted(count);
    }

    void counted(qint64 count)
    {
        const qint64 now = nowUs();
        if (m_phase == Phase::Settling) {
            if (count == m_lastCount) {
                reset();
                return;
            }
            m_lastCount = count;
            m_countTimer.start(200);
            return;
        }
        if (m_phase != Phase::Sending)
            return;
        if (count > m_lastCount) {
            m_lastCount = count;
            m_lastProgressUs = now;
        }
        m_handled = count;
        if (count >= m_total || now - m_lastProgressUs > StallUs) {
            endWindow();
            if (count < m_total)
                invalidate(QStringLiteral("server stopped counting at %1 of %2").arg(count).arg(m_total));
            m_phase = Phase::Done;
            finish();
            return;
        }
        m_countTimer.start(CountPollMs);
    }

    void addResults(QJsonObject &json) const override
    {
        json[QStringLiteral("events")] = m_total;
        json[QStringLiteral("handled")] = m_handled;
        const double seconds = windowSeconds();
        json[QStringLiteral("events_per_s")] = seconds > 0 ? std::round(double(m_handled) / seconds) : 0.0;
    }

    enum class Phase { Connecting, Warmup, Settling, Resetting, Sending, Done };
    Phase m_phase = Phase::Connecting;
    const QByteArray m_frame = QByteArrayLiteral("42[\"inbound\",\"0123456789abcdef\"]");
    std::vector<qint64> m_remaining;
    Client *m_control = nullptr;
    QTimer m_countTimer;
    qint64 m_resetId = -1;
    qint64 m_countId = -1;
    qint64 m_lastCount = -1;
    qint64 m_lastProgressUs = 0;
    qint64 m_total = 0;
    qint64 m_handled = 0;
    int m_finishedClients = 0;
    int m_senders = 0;
};

} // namespace

std::unique_ptr<Workload> createInbound(const Options &options)
{
    return std::make_unique<Inbound>(options);
}
