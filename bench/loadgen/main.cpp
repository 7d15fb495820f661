// loadgen: the load generator of bench/ (see bench/README.md for the contract, README.md here).
#include "options.h"
#include "workload.h"

#include <SocketIo/EpollEventDispatcher>

#include <QtCore/QCoreApplication>
#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QTimer>

#include <sys/resource.h>

#include <cstdio>

namespace {

// Thousands of clients need thousands of descriptors (long-polling ones two each).
void raiseFileLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

bool writeResult(const QJsonObject &json, const QString &path)
{
    const QByteArray text = QJsonDocument(json).toJson(QJsonDocument::Compact) + '\n';
    std::fwrite(text.constData(), 1, std::size_t(text.size()), stdout);
    std::fflush(stdout);
    if (path.isEmpty())
        return true;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(text) != text.size()) {
        std::fprintf(stderr, "loadgen: cannot write %s\n", qPrintable(path));
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication::setEventDispatcher(new SocketIo::EpollEventDispatcher);
    QCoreApplication app(argc, argv);
    raiseFileLimit();

    Options options;
    QString error;
    if (!Options::parse(app.arguments(), options, error)) {
        const bool help =
                app.arguments().contains(QStringLiteral("--help")) || app.arguments().contains(QStringLiteral("-h"));
        std::fprintf(help ? stdout : stderr, "%s\n", qPrintable(error));
        return help ? 0 : 1;
    }

    std::unique_ptr<Workload> workload = Workload::create(options);
    bool reported = false;
    workload->setFinishedHandler([&] {
        if (reported)
            return;
        reported = true;
        const bool written = writeResult(workload->result(), options.jsonPath);
        QCoreApplication::exit(written ? 0 : 1);
    });
    QTimer::singleShot(int(options.deadlineSeconds() * 1000), &app, [&] {
        if (reported)
            return;
        reported = true;
        workload->invalidate(QStringLiteral("deadline of %1 s reached").arg(options.deadlineSeconds()));
        writeResult(workload->result(), options.jsonPath);
        QCoreApplication::exit(2);
    });
    QTimer::singleShot(0, workload.get(), [&] { workload->start(); });
    const int code = app.exec();
    workload.reset();
    return code;
}
