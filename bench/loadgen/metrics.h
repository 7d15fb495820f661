// What the load generator measures besides messages: latency percentiles, its own CPU share,
// the server's CPU share and resident memory from /proc.
#pragma once

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

// Another process's CPU time (utime+stime from /proc/<pid>/stat) and VmRSS (/proc/<pid>/status).
class ProcessProbe
{
public:
    explicit ProcessProbe(qint64 pid = 0);
    bool isValid() const { return m_pid > 0; }
    // -1 when the process cannot be read.
    qint64 cpuUs() const;
    qint64 rssKb() const;
    void start();
    void stop();
    double share() const; // -1 when unknown

private:
    qint64 m_pid;
    qint64 m_wallStart = 0;
    qint64 m_wallEnd = 0;
    qint64 m_cpuStart = -1;
    qint64 m_cpuEnd = -1;
};
