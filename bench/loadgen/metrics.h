// What the load generator measures besides messages: latency percentiles, its own CPU share,
// the server's CPU share and resident memory from /proc.
#pragma once

#include <QtCore/QList>
#include <QtCore/QtGlobal>

#include <vector>

// Latencies in µs: exact below 100 ms, 100 µs buckets up to 10 s, one overflow bucket beyond.
class LatencyHistogram
{
public:
    LatencyHistogram();
    void add(qint64 us);
    quint64 count() const { return m_count; }
    // Nearest-rank percentile (0 < p <= 100), in µs; 0 without samples.
    qint64 percentile(double p) const;

private:
    std::vector<quint32> m_buckets;
    quint64 m_count = 0;
};

// Share of one core this process used between start() and stop(): user+sys over wall time.
class CpuMeter
{
public:
    void start();
    void stop();
    double share() const;
    double seconds() const { return double(m_wallEnd - m_wallStart) / 1e6; }

private:
    static qint64 cpuUs();
    qint64 m_wallStart = 0;
    qint64 m_wallEnd = 0;
    qint64 m_cpuStart = 0;
    qint64 m_cpuEnd = 0;
};

// Other processes' CPU time (utime+stime from /proc/<pid>/stat) and VmRSS (/proc/<pid>/status),
// summed over them: the servers of a cluster are measured as one.
class ProcessProbe
{
public:
    explicit ProcessProbe(QList<qint64> pids = {});
    bool isValid() const { return !m_pids.isEmpty(); }
    qsizetype size() const { return m_pids.size(); }
    // -1 when a process cannot be read.
    qint64 cpuUs() const;
    qint64 rssKb() const;
    void start();
    void stop();
    double share() const; // -1 when unknown
    // Per process, in the order given (-1 when unknown).
    QList<double> shares() const;

private:
    static qint64 cpuUsOf(qint64 pid);
    QList<qint64> m_pids;
    qint64 m_wallStart = 0;
    qint64 m_wallEnd = 0;
    QList<qint64> m_cpuStart;
    QList<qint64> m_cpuEnd;
};
