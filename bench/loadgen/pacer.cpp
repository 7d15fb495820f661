#include "pacer.h"

#include "common.h"

Pacer::Pacer(QObject *parent) : QObject(parent)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(2);
    connect(&m_timer, &QTimer::timeout, this, [this] { tick(); });
}

void Pacer::start(double perSecond, std::function<void(quint64)> action)
{
    m_action = std::move(action);
    m_perUs = perSecond / 1e6;
    m_startUs = nowUs();
    m_done = 0;
    m_timer.start();
    tick();
}

void Pacer::stop()
{
    m_timer.stop();
}

void Pacer::tick()
{
    const quint64 due = quint64(double(nowUs() - m_startUs) * m_perUs) + 1;
    while (m_done < due && m_timer.isActive())
        m_action(m_done++);
}
