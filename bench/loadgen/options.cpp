#include "options.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QUrl>

namespace {

struct Defaults
{
    int clients;
    double pollingShare;
    int intervalMs;
    int concurrency;
};

Defaults defaultsFor(const QString &workload)
{
    if (workload == QLatin1String("idle"))
        return {1000, 0.05, 1000, 200};
    if (workload == QLatin1String("fanout"))
        return {500, 0, 0, 200};
    if (workload == QLatin1String("inbound"))
        return {10, 0, 0, 200};
    if (workload == QLatin1String("echo"))
        return {500, 0, 100, 200};
    if (workload == QLatin1String("roomchat"))
        return {600, 0, 1000, 200};
    if (workload == QLatin1String("stalled"))
        return {1000, 0, 0, 200};
    if (workload == QLatin1String("churn"))
        return {10000, 0, 0, 200};
    return {2000, 0, 0, 100}; // storm
}

// One --url: numeric host, port, and the path ("/socket.io/" when none is given).
bool parseUrl(const QString &text, Endpoint &endpoint, QString &error)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != QLatin1String("http") || url.host().isEmpty() || url.port() <= 0) {
        error = QStringLiteral("--url must look like http://127.0.0.1:3000");
        return false;
    }
    endpoint.address =
            QHostAddress(url.host() == QLatin1String("localhost") ? QStringLiteral("127.0.0.1") : url.host());
    if (endpoint.address.isNull()) {
        error = QStringLiteral("--url needs a numeric host address");
        return false;
    }
    endpoint.port = quint16(url.port());
    endpoint.host = url.host().toLatin1() + ':' + QByteArray::number(url.port());
    QString path = url.path();
    if (path.isEmpty() || path == QLatin1String("/"))
        path = QStringLiteral("/socket.io/");
    if (!path.endsWith(u'/'))
        path += u'/';
    endpoint.path = path.toLatin1();
    return true;
}

} // namespace

const QStringList &Options::workloads()
{
    static const QStringList names = {QStringLiteral("idle"),  QStringLiteral("fanout"),   QStringLiteral("inbound"),
                                      QStringLiteral("echo"),  QStringLiteral("roomchat"), QStringLiteral("storm"),
                                      QStringLiteral("churn"), QStringLiteral("stalled")};
    return names;
}

bool Options::parse(const QStringList &arguments, Options &options, QString &error)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Socket.IO load generator for bench/ (see bench/README.md)"));
    parser.addHelpOption();
    const auto value = [&parser](const char *name, const char *description, const char *valueName) {
        parser.addOption(QCommandLineOption(QString::fromLatin1(name), QString::fromLatin1(description),
                                            QString::fromLatin1(valueName)));
    };
    value("url",
          "Server URL, e.g. http://127.0.0.1:3000 (path defaults to /socket.io/). Given more than "
          "once (servers of one cluster), the clients are spread over the URLs in turn and the "
          "fanout and stalled sender connects to the first.",
          "url");
    value("workload", "idle, fanout, inbound, echo, roomchat, storm, stalled or churn.", "name");
    value("clients", "Number of clients (fanout: receivers, plus one sender).", "n");
    value("duration", "Seconds of the measured window (default 10).", "s");
    value("warmup", "Seconds of load before the measured window (default 2).", "s");
    value("server-pid",
          "Server process to sample in /proc (CPU, VmRSS); given more than once, server_cpu and "
          "VmRSS are the sums and server_cpu_each lists the shares.",
          "pid");
    value("redis-pid", "A Redis server to sample in /proc: redis_cpu over the same windows.", "pid");
    value("json", "Also write the result JSON object to this file.", "file");
    value("polling-share", "Share of clients on long-polling (default 0.05 for idle, 0 otherwise).", "x");
    value("waves", "idle: times all clients disconnect and connect again (default 0).", "k");
    value("settle", "idle: seconds of pinging after each wave before RSS is read (default 3).", "s");
    value("rate",
          "churn: clients closing (and as many connecting) per second (default 100); "
          "fanout: bcast messages per second (default 100); a rising comma-separated list "
          "runs one stage per rate and stops after the first stage over --max-p99 or with loss.",
          "n");
    value("max-p99", "fanout with several rates: the p99 in ms a stage must stay under (default 1000).", "ms");
    value("size", "fanout, roomchat, stalled: padding bytes per message (default 32).", "bytes");
    value("stalled-share", "stalled: share of the receivers that stop reading after the warmup (default 0.1).", "x");
    value("stalled-rcvbuf",
          "stalled: the kernel receive buffer of the stalled receivers, set before any data "
          "(default 65536; 0 keeps the system's autotuning).",
          "bytes");
    value("events", "inbound: events per client (default 20000).", "n");
    value("interval", "echo, roomchat: ms between a client's emits (default 100 / 1000).", "ms");
    value("room-size", "roomchat: clients per room (default 10).", "n");
    value("concurrency", "Handshakes in flight (default 200; storm: 100).", "n");
    value("emit-rate",
          "idle: \"ping\" events each client emits per second (default 1; 0: none, the clients only "
          "answer Engine.IO's heartbeat).",
          "n");
    value("sources",
          "Spread the connections over this many local addresses, 127.0.0.2 and up (default 0: the "
          "kernel's choice; one address reaches about 28,000 connections to a port).",
          "n");
    value("timeout", "Overall deadline in seconds (default: warmup + duration + 60, more for waves).", "s");
    if (!parser.parse(arguments)) {
        error = parser.errorText();
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        error = parser.helpText();
        return false;
    }
    if (!parser.positionalArguments().isEmpty()) {
        error = QStringLiteral("unexpected argument: ") + parser.positionalArguments().constFirst();
        return false;
    }

    options.workload = parser.value(QStringLiteral("workload"));
    if (!workloads().contains(options.workload)) {
        error = QStringLiteral("--workload must be one of: ") + workloads().join(QStringLiteral(", "));
        return false;
    }
    const QStringList urls = parser.values(QStringLiteral("url"));
    if (urls.isEmpty()) {
        error = QStringLiteral("--url must look like http://127.0.0.1:3000");
        return false;
    }
    for (const QString &text : urls) {
        Endpoint endpoint;
        if (!parseUrl(text, endpoint, error))
            return false;
        options.endpoints.append(endpoint);
    }

    const Defaults defaults = defaultsFor(options.workload);
    bool ok = true;
    const auto integer = [&](const char *name, int fallback, int minimum) {
        const QString text = parser.value(QString::fromLatin1(name));
        if (text.isEmpty())
            return fallback;
        bool valid = false;
        const int number = text.toInt(&valid);
        if (!valid || number < minimum) {
            error = QStringLiteral("--%1 must be an integer >= %2").arg(QString::fromLatin1(name)).arg(minimum);
            ok = false;
        }
        return number;
    };
    const auto real = [&](const char *name, double fallback, double minimum) {
        const QString text = parser.value(QString::fromLatin1(name));
        if (text.isEmpty())
            return fallback;
        bool valid = false;
        const double number = text.toDouble(&valid);
        if (!valid || number < minimum) {
            error = QStringLiteral("--%1 must be a number >= %2").arg(QString::fromLatin1(name)).arg(minimum);
            ok = false;
        }
        return number;
    };
    options.clients = integer("clients", defaults.clients, 1);
    options.duration = real("duration", options.duration, 0.1);
    options.warmup = real("warmup", options.warmup, 0);
    for (const QString &text : parser.values(QStringLiteral("server-pid"))) {
        bool valid = false;
        const qint64 pid = text.toLongLong(&valid);
        if (!valid || pid < 0) {
            error = QStringLiteral("--server-pid must be a process id");
            ok = false;
        } else if (pid > 0) {
            options.serverPids.append(pid);
        }
    }
    options.redisPid = integer("redis-pid", 0, 0);
    options.jsonPath = parser.value(QStringLiteral("json"));
    options.pollingShare = real("polling-share", defaults.pollingShare, 0);
    options.waves = integer("waves", 0, 0);
    options.emitRate = real("emit-rate", 1, 0);
    const int sources = integer("sources", 0, 0);
    for (Endpoint &endpoint : options.endpoints) {
        for (int i = 0; i < sources && i < 250; ++i)
            endpoint.sources.append(QHostAddress(quint32((127u << 24) | quint32(2 + i))));
    }
    options.settle = real("settle", options.settle, 0);
    const QString rates = parser.value(QStringLiteral("rate"));
    if (!rates.isEmpty()) {
        options.rates.clear();
        for (const QString &part : rates.split(u',')) {
            bool valid = false;
            const double rate = part.toDouble(&valid);
            if (!valid || rate < 0.001 || (!options.rates.isEmpty() && rate <= options.rates.constLast())) {
                error = QStringLiteral("--rate must be a number >= 0.001 or a rising comma-separated list");
                ok = false;
                break;
            }
            options.rates.append(rate);
        }
    }
    options.maxP99Ms = real("max-p99", options.maxP99Ms, 1);
    options.size = integer("size", options.size, 0);
    options.events = integer("events", options.events, 1);
    options.intervalMs = integer("interval", defaults.intervalMs, 1);
    options.roomSize = integer("room-size", options.roomSize, 2);
    options.concurrency = integer("concurrency", defaults.concurrency, 1);
    options.timeout = real("timeout", 0, 0);
    options.stalledShare = real("stalled-share", options.stalledShare, 0);
    options.stalledReceiveBuffer = integer("stalled-rcvbuf", options.stalledReceiveBuffer, 0);
    if (ok && options.stalledShare > 1) {
        error = QStringLiteral("--stalled-share must be between 0 and 1");
        ok = false;
    }
    if (ok && options.pollingShare > 1) {
        error = QStringLiteral("--polling-share must be between 0 and 1");
        ok = false;
    }
    return ok;
}

double Options::deadlineSeconds() const
{
    if (timeout > 0)
        return timeout;
    double seconds = warmup + duration + 60;
    if (rates.size() > 1) // each further stage: warmup, window and a drain bounded by the p99 limit
        seconds += (rates.size() - 1) * (warmup + duration + maxP99Ms / 1000.0 + 1);
    if (workload == QLatin1String("idle"))
        seconds += waves * (settle + 30);
    return seconds;
}
