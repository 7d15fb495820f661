// Spreads actions evenly in time at a given rate (catching up after a late timer), so that N
// clients emitting every interval emit one after another rather than all at once.
#pragma once

#include <QtCore/QObject>
#include <QtCore/QTimer>

#include <functional>

class Pacer : public QObject
{
public:
    explicit Pacer(QObject *parent = nullptr);
    // action(k) for k = 0, 1, 2, ... at perSecond actions per second from now on.
    void start(double perSecond, std::function<void(quint64)> action);
    void stop();
    bool isActive() const { return m_timer.isActive(); }

private:
    void tick();

    QTimer m_timer;
    std::function<void(quint64)> m_action;
    double m_perUs = 0;
    qint64 m_startUs = 0;
    quint64 m_done = 0;
};
