// What every workload shares: the fleet of clients, the measured window (its own CPU share, the
// server's CPU share), errors, the common JSON keys, and a graceful end.
#pragma once

#include "fleet.h"
#include "metrics.h"
#include "options.h"
#include "pacer.h"

#include <QtCore/QJsonObject>
#include <QtCore/QObject>
#include <QtCore/QStringList>

#include <functional>
#include <limits>
#include <memory>

class Workload : public QObject, public FleetListener
{
public:
    explicit Workload(const Options &options, QObject *parent = nullptr);
    ~Workload() override;

    static std::unique_ptr<Workload> create(const Options &options);

    virtual void start() = 0;
    // The JSON object of the contract; partial (and not valid) if the run did not complete.
    QJsonObject result() const;
    void setFinishedHandler(std::function<void()> handler) { m_finished = std::move(handler); }
    void invalidate(const QString &reason);

    void messageReceived(Client *, const Message &) override {}

protected:
    virtual void addResults(QJsonObject &json) const = 0;

    void connectClients(int first, int count, std::function<void()> done, int concurrency = 0);
    void beginWindow();
    void endWindow();
    bool inWindow(qint64 t) const { return t >= m_windowStartUs && t < m_windowEndUs; }
    double windowSeconds() const;
    // Calls done once counter() has not moved for quietMs, or after maxMs.
    void waitQuiet(std::function<quint64()> counter, int quietMs, int maxMs, std::function<void()> done);
    // Sends "42<id>[...]" join-style requests with an ack to clients [first, first + count)
    // and calls done once every one has answered (or after 10 s).
    void requestAll(int first, int count, std::function<QByteArray(Client *)> eventArgs, std::function<void()> done);
    bool handleRequestAck(Client *client, const Message &message);
    // Gracefully disconnects everyone, then reports.
    void finish();
    static void progress(const QString &text);
    // server_cpu_each (with several --server-pid) and redis_cpu (with --redis-pid) of a window.
    static void addProbeShares(QJsonObject &json, const ProcessProbe &servers, const ProcessProbe &redis);

    const Options &m_options;
    Fleet m_fleet;
    Pacer m_pacer;
    CpuMeter m_selfCpu;
    ProcessProbe m_server;
    ProcessProbe m_redis;
    int m_errors = 0;
    bool m_windowBegun = false;
    bool m_windowEnded = false;
    qint64 m_windowStartUs = std::numeric_limits<qint64>::max();
    qint64 m_windowEndUs = std::numeric_limits<qint64>::max();

private:
    QStringList m_invalid;
    std::function<void()> m_finished;
    // requestAll in progress
    std::vector<qint64> m_requestIds;
    int m_requestsPending = 0;
    std::function<void()> m_requestsDone;
    QTimer m_requestDeadline;
};

std::unique_ptr<Workload> createIdle(const Options &options);
std::unique_ptr<Workload> createStorm(const Options &options);
std::unique_ptr<Workload> createChurn(const Options &options);
std::unique_ptr<Workload> createFanout(const Options &options);
std::unique_ptr<Workload> createInbound(const Options &options);
std::unique_ptr<Workload> createEcho(const Options &options);
std::unique_ptr<Workload> createRoomchat(const Options &options);
std::unique_ptr<Workload> createStalled(const Options &options);
