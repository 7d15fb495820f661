// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// console-stall: the socketio-admin main window, connected to a server, with a timer that
// measures how late the event loop runs it. Prints one JSON object: the worst and the 99th
// percentile lateness over the window, the sockets the console shows at the end, and how many
// socket changes it took in. See bench/README.md ("The admin console under churn").

#include "connectionsettings.h"
#include "mainwindow.h"
#include "serverconnection.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QElapsedTimer>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTimer>
#include <QtWidgets/QApplication>

#include <algorithm>
#include <cstdio>
#include <vector>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Event-loop stalls of the admin console watching a server"));
    parser.addHelpOption();
    const QCommandLineOption url(QStringLiteral("url"), QStringLiteral("The instrumented server."),
                                 QStringLiteral("url"), QStringLiteral("http://127.0.0.1:3000"));
    const QCommandLineOption warmup(QStringLiteral("warmup"), QStringLiteral("Seconds before the window."),
                                    QStringLiteral("s"), QStringLiteral("5"));
    const QCommandLineOption duration(QStringLiteral("duration"), QStringLiteral("Seconds of the window."),
                                      QStringLiteral("s"), QStringLiteral("20"));
    parser.addOptions({url, warmup, duration});
    parser.process(app);

    SocketIoAdmin::MainWindow window;
    window.resize(1280, 800);
    SocketIoAdmin::ConnectionSettings settings;
    settings.url = QUrl(parser.value(url));
    settings.websocketOnly = true;
    SocketIoAdmin::ServerConnection *server = window.addServer(settings);
    window.show();

    qint64 changes = 0;
    QObject::connect(server, &SocketIoAdmin::ServerConnection::socketsChanged, &app,
                     [&changes](const SocketIoAdmin::SocketChanges &c) {
                         changes += c.added.size() + c.removed.size() + c.updated.size();
                     });

    // A 5 ms timer; its lateness is how long the loop was busy elsewhere.
    constexpr qint64 TickMs = 5;
    std::vector<qint64> lateUs;
    bool measuring = false;
    QElapsedTimer clock;
    clock.start();
    qint64 last = 0;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(int(TickMs));
    QObject::connect(&tick, &QTimer::timeout, &app, [&] {
        const qint64 now = clock.nsecsElapsed() / 1000;
        if (measuring && last > 0)
            lateUs.push_back(std::max<qint64>(0, now - last - TickMs * 1000));
        last = now;
    });
    tick.start();

    const int warmupMs = int(parser.value(warmup).toDouble() * 1000);
    const int windowMs = int(parser.value(duration).toDouble() * 1000);
    qint64 changesAtStart = 0;
    QTimer::singleShot(warmupMs, &app, [&] {
        measuring = true;
        changesAtStart = changes;
    });
    QTimer::singleShot(warmupMs + windowMs, &app, [&] {
        std::sort(lateUs.begin(), lateUs.end());
        const auto at = [&](double q) {
            return lateUs.empty() ? 0.0 : double(lateUs[std::size_t(q * double(lateUs.size() - 1))]) / 1000;
        };
        const QJsonObject result{
                {QStringLiteral("state"), SocketIoAdmin::ServerConnection::stateName(server->state())},
                {QStringLiteral("ticks"), qint64(lateUs.size())},
                {QStringLiteral("worst_stall_ms"), lateUs.empty() ? 0.0 : double(lateUs.back()) / 1000},
                {QStringLiteral("p99_stall_ms"), at(0.99)},
                {QStringLiteral("p50_stall_ms"), at(0.5)},
                {QStringLiteral("sockets_shown"), qint64(server->sockets().size())},
                {QStringLiteral("socket_changes_in_window"), changes - changesAtStart},
        };
        std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
        std::fflush(stdout);
        app.quit();
    });
    return app.exec();
}
