// An epoll(7) event dispatcher for the main thread. Qt's default dispatchers poll() every
// descriptor on every loop iteration, which costs O(clients) per wakeup: with thousands of
// sockets that alone would eat the load generator's core. This one costs O(ready sockets).
#pragma once

#include <QtCore/QAbstractEventDispatcher>

#include <atomic>
#include <set>
#include <unordered_map>
#include <utility>

class QSocketNotifier;

class EpollDispatcher final : public QAbstractEventDispatcher
{
public:
    explicit EpollDispatcher(QObject *parent = nullptr);
    ~EpollDispatcher() override;

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;
    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;
    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;
    void wakeUp() override;
    void interrupt() override;

private:
    struct Notifiers
    {
        QSocketNotifier *read = nullptr;
        QSocketNotifier *write = nullptr;
        QSocketNotifier *exception = nullptr;
        quint32 mask() const;
    };
    struct Timer
    {
        qint64 intervalMs;
        Qt::TimerType type;
        QObject *object;
        qint64 deadlineUs;
    };

    void updateEpoll(int fd, quint32 oldMask, quint32 newMask);
    int waitTimeoutMs() const;
    bool activateTimers();

    int m_epoll = -1;
    int m_wake = -1;
    std::atomic<bool> m_interrupted{false};
    std::unordered_map<int, Notifiers> m_notifiers;
    std::unordered_map<int, Timer> m_timers;
    std::set<std::pair<qint64, int>> m_deadlines;
};
