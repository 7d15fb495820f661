// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// What the benchmark's C++ servers share (bench/README.md, "The contract every
// server follows"): --port, --host and --qt-dispatcher, and SIGTERM/SIGINT quitting the event loop.

#ifndef BENCH_SERVERPROCESS_H
#define BENCH_SERVERPROCESS_H

#include <QtCore/QCommandLineOption>
#include <QtCore/QHash>
#include <QtCore/QList>
#include <QtCore/QStringList>
#include <QtNetwork/QHostAddress>

#include <optional>

QT_BEGIN_NAMESPACE
class QCoreApplication;
QT_END_NAMESPACE

struct ServerAddress
{
    QHostAddress host;
    quint16 port = 0;
    QStringList flags;              // the server's own options without a value that were given
    QHash<QString, QString> values; // the server's own options with a value that were given
};

// Before the application object: installs SocketIo::EpollEventDispatcher
// unless the command line has --qt-dispatcher.
void installEventDispatcher(int argc, char *argv[]);

// Parses --port, --host, --qt-dispatcher and the server's own \a options (flags, or options with a
// value when they have a value name) and installs the signal handlers; prints why and returns
// nothing when either fails (exit code in *exitCode).
std::optional<ServerAddress> setUpServerProcess(QCoreApplication &app, const QString &description, int *exitCode,
                                                const QList<QCommandLineOption> &options = {});

#endif // BENCH_SERVERPROCESS_H
