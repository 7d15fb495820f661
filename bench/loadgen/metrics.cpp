#include "metrics.h"

#include "common.h"

#include <QtCore/QByteArray>
#include <QtCore/QFile>

#include <sys/resource.h>
#include <unistd.h>

namespace {

constexpr qint64 ExactLimit = 100'000; // µs
constexpr qint64 CoarseStep = 100;     // µs
constexpr qint64 CoarseLimit = 10'000'000;
constexpr std::size_t BucketCount = ExactLimit + (CoarseLimit - ExactLimit) / CoarseStep + 1;

QByteArray readProcFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll(); // /proc files report size 0: readAll reads until EOF
}

} // namespace

LatencyHistogram::LatencyHistogram() : m_buckets(BucketCount, 0) {}

void LatencyHistogram::add(qint64 us)
{
    std::size_t bucket;
    if (us < 0)
        bucket = 0;
    else if (us < ExactLimit)
        bucket = std::size_t(us);
    else if (us < CoarseLimit)
        bucket = std::size_t(ExactLimit + (us - ExactLimit) / CoarseStep);
    else
        bucket = BucketCount - 1;
    ++m_buckets[bucket];
    ++m_count;
}

qint64 LatencyHistogram::percentile(double p) const
{
    if (m_count == 0)
        return 0;
    quint64 rank = quint64(p / 100.0 * double(m_count) + 0.999999);
    rank = qBound<quint64>(1, rank, m_count);
    quint64 seen = 0;
    for (std::size_t bucket = 0; bucket < m_buckets.size(); ++bucket) {
        seen += m_buckets[bucket];
        if (seen >= rank) {
            if (qint64(bucket) < ExactLimit)
                return qint64(bucket);
            return ExactLimit + (qint64(bucket) - ExactLimit) * CoarseStep + CoarseStep / 2;
        }
    }
    return CoarseLimit;
}

qint64 CpuMeter::cpuUs()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return qint64(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1'000'000 + usage.ru_utime.tv_usec
            + usage.ru_stime.tv_usec;
}

void CpuMeter::start()
{
    m_wallStart = nowUs();
    m_cpuStart = cpuUs();
    m_wallEnd = 0;
}

void CpuMeter::stop()
{
    m_wallEnd = nowUs();
    m_cpuEnd = cpuUs();
}

double CpuMeter::share() const
{
    const qint64 wallEnd = m_wallEnd ? m_wallEnd : nowUs();
    const qint64 cpuEnd = m_wallEnd ? m_cpuEnd : cpuUs();
    if (wallEnd <= m_wallStart || m_wallStart == 0)
        return 0;
    return double(cpuEnd - m_cpuStart) / double(wallEnd - m_wallStart);
}

ProcessProbe::ProcessProbe(QList<qint64> pids) : m_pids(std::move(pids)) {}

qint64 ProcessProbe::cpuUsOf(qint64 pid)
{
    const QByteArray stat = readProcFile(QStringLiteral("/proc/%1/stat").arg(pid));
    // Fields after "(comm)": state is field 3, utime 14, stime 15.
    const qsizetype paren = stat.lastIndexOf(')');
    if (paren < 0)
        return -1;
    const QList<QByteArray> fields = stat.mid(paren + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    const qint64 ticks = fields.at(11).toLongLong() + fields.at(12).toLongLong();
    static const long ticksPerSecond = sysconf(_SC_CLK_TCK);
    return ticks * 1'000'000 / ticksPerSecond;
}

qint64 ProcessProbe::cpuUs() const
{
    if (m_pids.isEmpty())
        return -1;
    qint64 sum = 0;
    for (qint64 pid : m_pids) {
        const qint64 us = cpuUsOf(pid);
        if (us < 0)
            return -1;
        sum += us;
    }
    return sum;
}

qint64 ProcessProbe::rssKb() const
{
    if (m_pids.isEmpty())
        return -1;
    qint64 sum = 0;
    for (qint64 pid : m_pids) {
        const QByteArray status = readProcFile(QStringLiteral("/proc/%1/status").arg(pid));
        const qsizetype at = status.indexOf("VmRSS:");
        if (at < 0)
            return -1;
        const qsizetype end = status.indexOf('\n', at);
        sum += status.mid(at + 6, end - at - 6).replace("kB", "").trimmed().toLongLong();
    }
    return sum;
}

void ProcessProbe::start()
{
    m_wallStart = nowUs();
    m_cpuStart.clear();
    for (qint64 pid : m_pids)
        m_cpuStart.append(cpuUsOf(pid));
    m_wallEnd = 0;
}

void ProcessProbe::stop()
{
    m_wallEnd = nowUs();
    m_cpuEnd.clear();
    for (qint64 pid : m_pids)
        m_cpuEnd.append(cpuUsOf(pid));
}

QList<double> ProcessProbe::shares() const
{
    QList<double> out;
    const qint64 wallEnd = m_wallEnd ? m_wallEnd : nowUs();
    for (qsizetype i = 0; i < m_pids.size(); ++i) {
        const qint64 start = i < m_cpuStart.size() ? m_cpuStart.at(i) : -1;
        const qint64 end = m_wallEnd ? (i < m_cpuEnd.size() ? m_cpuEnd.at(i) : -1) : cpuUsOf(m_pids.at(i));
        if (start < 0 || end < 0 || wallEnd <= m_wallStart || m_wallStart == 0)
            out.append(-1);
        else
            out.append(double(end - start) / double(wallEnd - m_wallStart));
    }
    return out;
}

double ProcessProbe::share() const
{
    const QList<double> each = shares();
    if (each.isEmpty())
        return -1;
    double sum = 0;
    for (double share : each) {
        if (share < 0)
            return -1;
        sum += share;
    }
    return sum;
}
