// The command line of loadgen (see bench/README.md and README.md here).
#pragma once

#include "common.h"

#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QStringList>

struct Options
{
    QString workload;
    // One per --url; the clients are spread over them in turn, a sender goes to the first.
    QList<Endpoint> endpoints;
    int clients = 0;
    double duration = 10;     // s, the measured window
    double warmup = 2;        // s, before the window
    QList<qint64> serverPids; // one per --server-pid: server_cpu is their sum
    qint64 redisPid = 0;      // --redis-pid: redis_cpu over the same windows
    QString jsonPath;
    double pollingShare = 0;
    int waves = 0;                    // idle
    double emitRate = 1;              // idle: "ping" events per client per second (0: none)
    double settle = 3;                // idle: s of pinging after each wave before RSS is read
    QList<double> rates{100};         // fanout: bcast per second; several: one stage each, rising
    double maxP99Ms = 1000;           // fanout stages: a stage over this p99 (or with loss) ends the ramp
    int size = 32;                    // fanout, roomchat: padding bytes
    int events = 20000;               // inbound: per client
    int intervalMs = 0;               // echo, roomchat
    int roomSize = 10;                // roomchat
    int concurrency = 200;            // handshakes in flight
    double stalledShare = 0.1;        // stalled: receivers that stop reading
    int stalledReceiveBuffer = 65536; // stalled: their kernel receive buffer (0: the default)
    double timeout = 0;               // s, overall deadline; 0: derived from the phases

    static const QStringList &workloads();
    // Fills options from the command line; on error returns false with a message in error.
    static bool parse(const QStringList &arguments, Options &options, QString &error);
    double deadlineSeconds() const;
};
