// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// The thread's epoll set behind one socket notifier: what its watchers are told, and when.

#include "fdpoller_p.h"

#include <QtCore/QAbstractEventDispatcher>
#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtTest/QTest>

#include <functional>

#include <sys/socket.h>
#include <unistd.h>

using SocketIo::Eio::FdPoller;
using namespace std::chrono_literals;

namespace {

struct Pair
{
    int a = -1;
    int b = -1;
    Pair() { QVERIFY(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, &a) == 0); }
    ~Pair()
    {
        if (a >= 0)
            ::close(a);
        if (b >= 0)
            ::close(b);
    }
    Pair(const Pair &) = delete;
    Pair &operator=(const Pair &) = delete;
};

class Recorder : public FdPoller::Watcher
{
public:
    void onFdEvent(FdPoller::Event event) override
    {
        events.append(event);
        if (react)
            react(event);
    }
    int count(FdPoller::Event event) const { return int(events.count(event)); }

    QList<FdPoller::Event> events;
    std::function<void(FdPoller::Event)> react;
};

int openDescriptors()
{
    return int(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).size());
}

void drain(int fd)
{
    char buffer[256];
    while (::read(fd, buffer, sizeof buffer) > 0) {}
}

// Runs the event loop for a while (events that should not come have their chance).
void spin(std::chrono::milliseconds for_ = 100ms)
{
    QTest::qWait(int(for_.count()));
}

} // namespace

class tst_FdPoller : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        qInfo("event dispatcher: %s", QAbstractEventDispatcher::instance()->metaObject()->className());
    }

    void readableWhileBytesWait()
    {
        Pair pair;
        Recorder watcher;
        FdPoller *poller = FdPoller::forThisThread();
        const FdPoller::Handle handle = poller->add(pair.a, FdPoller::Readable, &watcher);
        QVERIFY(handle != 0);
        spin(50ms);
        QCOMPARE(watcher.events.size(), 0); // nothing to read yet

        QCOMPARE(::write(pair.b, "x", 1), 1);
        QTRY_VERIFY(watcher.count(FdPoller::Readable) >= 1);
        // Level-triggered: told again while the byte is not read.
        const int first = watcher.count(FdPoller::Readable);
        QTRY_VERIFY(watcher.count(FdPoller::Readable) > first);
        drain(pair.a);
        spin(20ms);
        const int afterDrain = watcher.count(FdPoller::Readable);
        spin(50ms);
        QCOMPARE(watcher.count(FdPoller::Readable), afterDrain);
        QCOMPARE(watcher.count(FdPoller::Writable), 0);
        poller->remove(handle);
    }

    void writableOnlyWhenAsked()
    {
        Pair pair;
        Recorder watcher;
        FdPoller *poller = FdPoller::forThisThread();
        const FdPoller::Handle handle = poller->add(pair.a, FdPoller::Readable, &watcher);
        spin(30ms);
        QCOMPARE(watcher.count(FdPoller::Writable), 0);
        poller->modify(handle, FdPoller::Readable | FdPoller::Writable);
        QTRY_VERIFY(watcher.count(FdPoller::Writable) >= 1);
        poller->modify(handle, FdPoller::Readable);
        spin(20ms);
        const int told = watcher.count(FdPoller::Writable);
        spin(50ms);
        QCOMPARE(watcher.count(FdPoller::Writable), told);
        poller->remove(handle);
    }

    void removedWatchIsNotToldInTheSameBatch()
    {
        Pair first;
        Pair second;
        Recorder one;
        Recorder two;
        FdPoller *poller = FdPoller::forThisThread();
        const FdPoller::Handle h1 = poller->add(first.a, FdPoller::Readable, &one);
        const FdPoller::Handle h2 = poller->add(second.a, FdPoller::Readable, &two);
        // Whichever is told first removes the other: both are ready in the same batch.
        one.react = [&](FdPoller::Event) {
            poller->remove(h2);
            poller->remove(h1);
        };
        two.react = [&](FdPoller::Event) {
            poller->remove(h1);
            poller->remove(h2);
        };
        QCOMPARE(::write(first.b, "x", 1), 1);
        QCOMPARE(::write(second.b, "x", 1), 1);
        QTRY_COMPARE(one.events.size() + two.events.size(), 1);
        spin(50ms);
        QCOMPARE(one.events.size() + two.events.size(), 1);
    }

    void removingOneselfAndAddingDuringDelivery()
    {
        Pair first;
        Pair second;
        Recorder one;
        Recorder two;
        FdPoller *poller = FdPoller::forThisThread();
        FdPoller::Handle h1 = poller->add(first.a, FdPoller::Readable, &one);
        FdPoller::Handle h2 = 0;
        // Many slots added while told: the slot table grows under the delivery.
        QList<FdPoller::Handle> extra;
        QList<int> extraFds;
        one.react = [&](FdPoller::Event) {
            poller->remove(h1);
            h2 = poller->add(second.a, FdPoller::Readable, &two);
            for (int i = 0; i < 100; ++i) {
                const int fd = ::dup(second.a);
                extraFds.append(fd);
                extra.append(poller->add(fd, 0, &two));
            }
        };
        QCOMPARE(::write(first.b, "x", 1), 1);
        QTRY_COMPARE(one.events.size(), 1);
        QVERIFY(h2 != 0);
        QCOMPARE(::write(second.b, "y", 1), 1);
        QTRY_VERIFY(two.count(FdPoller::Readable) >= 1);
        QCOMPARE(one.events.size(), 1);
        for (FdPoller::Handle h : std::as_const(extra))
            poller->remove(h);
        poller->remove(h2);
        for (int fd : std::as_const(extraFds))
            ::close(fd);
    }

    void deferredComesLaterUnlessRemoved()
    {
        Pair pair;
        Recorder kept;
        Recorder dropped;
        FdPoller *poller = FdPoller::forThisThread();
        const FdPoller::Handle h1 = poller->add(pair.a, 0, &kept);
        const int other = ::dup(pair.a);
        const FdPoller::Handle h2 = poller->add(other, 0, &dropped);
        poller->defer(h1);
        poller->defer(h2);
        QCOMPARE(kept.events.size(), 0); // not from inside the call
        poller->remove(h2);
        QTRY_COMPARE(kept.count(FdPoller::Deferred), 1);
        spin(30ms);
        QCOMPARE(kept.events.size(), 1);
        QCOMPARE(dropped.events.size(), 0);
        poller->remove(h1);
        ::close(other);
    }

    void hangUpIsToldToTheWatchedDirectionOnly()
    {
        // Watched for nothing: the peer's close must not wake anybody (epoll reports a hang-up
        // even for an empty mask, and level-triggered it would on every pass).
        Pair quiet;
        Recorder nobody;
        FdPoller *poller = FdPoller::forThisThread();
        const FdPoller::Handle h1 = poller->add(quiet.a, 0, &nobody);
        ::close(std::exchange(quiet.b, -1));
        spin(50ms);
        QCOMPARE(nobody.events.size(), 0);

        // Watched for writing: the write finds out.
        Pair writer;
        Recorder told;
        const FdPoller::Handle h2 = poller->add(writer.a, 0, &told);
        ::close(std::exchange(writer.b, -1));
        poller->modify(h2, FdPoller::Writable);
        told.react = [&](FdPoller::Event) { poller->modify(h2, 0); };
        QTRY_VERIFY(told.count(FdPoller::Writable) >= 1);
        QCOMPARE(told.count(FdPoller::Readable), 0);
        poller->remove(h1);
        poller->remove(h2);
    }

    void thePollerLeavesWithItsLastWatch()
    {
        spin(10ms); // earlier tests' deferrals are over
        const int before = openDescriptors();
        Pair pair;
        Recorder watcher;
        FdPoller *poller = FdPoller::forThisThread();
        const FdPoller::Handle handle = poller->add(pair.a, FdPoller::Readable, &watcher);
        QCOMPARE(poller->watchCount(), 1);
        QCOMPARE(openDescriptors(), before + 3); // the pair and the epoll set
        poller->remove(handle);
        QCOMPARE(openDescriptors(), before + 2);
        // A stale handle is ignored, by a new poller as well.
        FdPoller *next = FdPoller::forThisThread();
        next->modify(handle, FdPoller::Readable);
        next->remove(handle);
        next->defer(handle);
        QCOMPARE(next->watchCount(), 0);
        const FdPoller::Handle again = next->add(pair.a, FdPoller::Readable, &watcher);
        next->remove(again);
    }

    void refusedDescriptorLeavesNothing()
    {
        Recorder watcher;
        FdPoller *poller = FdPoller::forThisThread();
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("epoll_ctl.*failed")));
        QCOMPARE(poller->add(100000, FdPoller::Readable, &watcher), FdPoller::Handle(0));
        QCOMPARE(poller->watchCount(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_FdPoller)
#include "tst_fdpoller.moc"
