// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "serverprocess.h"

#include <SocketIo/EpollEventDispatcher>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QSocketNotifier>

#include <csignal>
#include <cstdio>

#include <sys/socket.h>
#include <unistd.h>

namespace {

int signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = ::write(signalPipe[0], &byte, 1);
}

// SIGTERM and SIGINT quit the event loop: the handler only writes a byte to a
// socket pair, whose other end a QSocketNotifier watches.
bool quitOnSignals(QCoreApplication &app)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0)
        return false;
    auto *notifier = new QSocketNotifier(signalPipe[1], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, &QCoreApplication::quit);
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return ::sigaction(SIGTERM, &action, nullptr) == 0 && ::sigaction(SIGINT, &action, nullptr) == 0;
}

} // namespace

std::optional<ServerAddress> setUpServerProcess(QCoreApplication &app, const QString &description, int *exitCode,
                                                const QList<QCommandLineOption> &options)
{
    const QByteArray name = QCoreApplication::applicationName().toLocal8Bit();
    QCommandLineParser parser;
    parser.setApplicationDescription(description);
    parser.addHelpOption();
    const QCommandLineOption portOption(QStringLiteral("port"),
                                        QStringLiteral("Port to listen on (0 picks a free one)."),
                                        QStringLiteral("port"), QStringLiteral("3000"));
    const QCommandLineOption hostOption(QStringLiteral("host"), QStringLiteral("Address to listen on."),
                                        QStringLiteral("address"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption qtDispatcherOption(
            QStringLiteral("qt-dispatcher"),
            QStringLiteral("Keep Qt's default event dispatcher instead of SocketIo::EpollEventDispatcher."));
    parser.addOption(portOption);
    parser.addOption(hostOption);
    parser.addOption(qtDispatcherOption);
    for (const QCommandLineOption &option : options)
        parser.addOption(option);
    parser.process(app);

    bool portOk = false;
    const uint port = parser.value(portOption).toUInt(&portOk);
    const QHostAddress host(parser.value(hostOption));
    if (!portOk || port > 65535 || host.isNull()) {
        std::fprintf(stderr, "%s: invalid --port or --host\n", name.constData());
        *exitCode = 2;
        return std::nullopt;
    }
    if (!quitOnSignals(app)) {
        std::fprintf(stderr, "%s: cannot install the signal handlers\n", name.constData());
        *exitCode = 1;
        return std::nullopt;
    }
    ServerAddress address{host, quint16(port), {}, {}};
    for (const QCommandLineOption &option : options) {
        const QString optionName = option.names().constFirst();
        if (!parser.isSet(optionName))
            continue;
        if (option.valueName().isEmpty())
            address.flags.append(optionName);
        else
            address.values.insert(optionName, parser.value(optionName));
    }
    return address;
}

void installEventDispatcher(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        if (qstrcmp(argv[i], "--qt-dispatcher") == 0)
            return;
    }
    QCoreApplication::setEventDispatcher(new SocketIo::EpollEventDispatcher);
}
