#include "workload.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonValue>

#include <cmath>
#include <cstdio>

namespace {

double rounded(double value, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

} // namespace

Workload::Workload(const Options &options, QObject *parent)
    : QObject(parent), m_options(options), m_fleet(options.endpoints, this, this), m_pacer(this),
      m_server(options.serverPids), m_redis(options.redisPid > 0 ? QList<qint64>{options.redisPid} : QList<qint64>{})
{
    m_requestDeadline.setSingleShot(true);
    m_requestDeadline.setInterval(10'000);
    connect(&m_requestDeadline, &QTimer::timeout, this, [this] {
        m_errors += m_requestsPending;
        invalidate(QStringLiteral("%1 requests unanswered").arg(m_requestsPending));
        m_requestsPending = 0;
        if (m_requestsDone)
            std::exchange(m_requestsDone, nullptr)();
    });
}

Workload::~Workload() = default;

std::unique_ptr<Workload> Workload::create(const Options &options)
{
    const QString &name = options.workload;
    if (name == QLatin1String("idle"))
        return createIdle(options);
    if (name == QLatin1String("storm"))
        return createStorm(options);
    if (name == QLatin1String("churn"))
        return createChurn(options);
    if (name == QLatin1String("fanout"))
        return createFanout(options);
    if (name == QLatin1String("inbound"))
        return createInbound(options);
    if (name == QLatin1String("echo"))
        return createEcho(options);
    if (name == QLatin1String("stalled"))
        return createStalled(options);
    return createRoomchat(options);
}

void Workload::addProbeShares(QJsonObject &json, const ProcessProbe &servers, const ProcessProbe &redis)
{
    if (servers.size() > 1) {
        QJsonArray each;
        for (double share : servers.shares())
            each.append(share >= 0 ? QJsonValue(rounded(share, 3)) : QJsonValue());
        json[QStringLiteral("server_cpu_each")] = each;
    }
    if (redis.isValid()) {
        const double share = redis.share();
        json[QStringLiteral("redis_cpu")] = share >= 0 ? QJsonValue(rounded(share, 3)) : QJsonValue();
    }
}

void Workload::progress(const QString &text)
{
    std::fprintf(stderr, "loadgen: %s\n", qPrintable(text));
    std::fflush(stderr);
}

void Workload::invalidate(const QString &reason)
{
    if (!m_invalid.contains(reason))
        m_invalid.append(reason);
}

void Workload::connectClients(int first, int count, std::function<void()> done, int concurrency)
{
    m_fleet.connectClients(first, count, concurrency > 0 ? concurrency : m_options.concurrency,
                           [this, done = std::move(done)] {
                               progress(QStringLiteral("connected %1, failed %2 in %3 s")
                                                .arg(m_fleet.roundConnected())
                                                .arg(m_fleet.roundFailures())
                                                .arg(m_fleet.roundSeconds(), 0, 'f', 2));
                               done();
                           });
}

void Workload::beginWindow()
{
    m_windowBegun = true;
    m_windowStartUs = nowUs();
    m_windowEndUs = std::numeric_limits<qint64>::max();
    m_selfCpu.start();
    m_server.start();
    m_redis.start();
}

void Workload::endWindow()
{
    if (!m_windowBegun || m_windowEnded)
        return;
    m_windowEnded = true;
    m_windowEndUs = nowUs();
    m_selfCpu.stop();
    m_server.stop();
    m_redis.stop();
}

double Workload::windowSeconds() const
{
    if (!m_windowBegun)
        return 0;
    const qint64 end = m_windowEnded ? m_windowEndUs : nowUs();
    return double(end - m_windowStartUs) / 1e6;
}

void Workload::waitQuiet(std::function<quint64()> counter, int quietMs, int maxMs, std::function<void()> done)
{
    auto *timer = new QTimer(this);
    const qint64 startUs = nowUs();
    auto last = std::make_shared<std::pair<quint64, qint64>>(counter(), startUs);
    timer->setInterval(50);
    connect(timer, &QTimer::timeout, this, [=] {
        const qint64 now = nowUs();
        const quint64 value = counter();
        if (value != last->first)
            *last = {value, now};
        if (now - last->second >= qint64(quietMs) * 1000 || now - startUs >= qint64(maxMs) * 1000) {
            timer->stop();
            timer->deleteLater();
            done();
        }
    });
    timer->start();
}

void Workload::requestAll(int first, int count, std::function<QByteArray(Client *)> eventArgs,
                          std::function<void()> done)
{
    m_requestIds.assign(std::size_t(m_fleet.size()), -1);
    m_requestsPending = 0;
    m_requestsDone = std::move(done);
    for (int i = first; i < first + count; ++i) {
        Client *client = m_fleet.client(i);
        if (!client->isConnected())
            continue;
        const qint64 id = client->nextAckId();
        m_requestIds[std::size_t(i)] = id;
        ++m_requestsPending;
        client->send("42" + QByteArray::number(id) + eventArgs(client));
    }
    if (m_requestsPending == 0) {
        QTimer::singleShot(0, this, [this] { std::exchange(m_requestsDone, nullptr)(); });
        return;
    }
    m_requestDeadline.start();
}

bool Workload::handleRequestAck(Client *client, const Message &message)
{
    if (message.type != Message::Type::Ack || m_requestIds.empty()
        || m_requestIds[std::size_t(client->index())] != message.ackId || message.ackId < 0)
        return false;
    m_requestIds[std::size_t(client->index())] = -1;
    if (message.args != "[true]")
        ++m_errors;
    if (--m_requestsPending == 0 && m_requestsDone) {
        m_requestDeadline.stop();
        QTimer::singleShot(0, this, [this] {
            if (m_requestsDone)
                std::exchange(m_requestsDone, nullptr)();
        });
    }
    return true;
}

void Workload::finish()
{
    m_pacer.stop();
    endWindow();
    progress(QStringLiteral("disconnecting"));
    m_fleet.disconnectAll([this] {
        if (m_finished)
            m_finished();
    });
}

QJsonObject Workload::result() const
{
    QJsonObject json;
    json[QStringLiteral("workload")] = m_options.workload;
    json[QStringLiteral("clients")] = m_options.clients;
    const double self = m_windowBegun ? m_selfCpu.share() : 0;
    json[QStringLiteral("loadgen_cpu")] = rounded(self, 3);
    const double server = m_server.share();
    json[QStringLiteral("server_cpu")] = m_windowBegun && server >= 0 ? QJsonValue(rounded(server, 3)) : QJsonValue();
    if (m_windowBegun)
        addProbeShares(json, m_server, m_redis);
    json[QStringLiteral("duration_s")] = rounded(windowSeconds(), 3);
    json[QStringLiteral("errors")] = m_errors + m_fleet.lost();
    addResults(json);
    QStringList invalid = m_invalid;
    if (!m_windowEnded)
        invalid.append(QStringLiteral("measured window did not complete"));
    if (self > 0.9)
        invalid.append(QStringLiteral("loadgen_cpu above 0.9"));
    json[QStringLiteral("valid")] = invalid.isEmpty();
    if (!invalid.isEmpty())
        json[QStringLiteral("invalid_reason")] = invalid.join(QStringLiteral("; "));
    return json;
}
