// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// The engine's heartbeat deadlines on one timer: what expires, in which order, and when.

#include "deadlines_p.h"

#include <QtCore/QElapsedTimer>
#include <QtTest/QTest>

#include <functional>
#include <memory>
#include <vector>

using SocketIo::Eio::Deadline;
using SocketIo::Eio::Deadlines;
using namespace std::chrono_literals;

namespace {

class Probe : public Deadline
{
public:
    Probe(int id, QList<int> *log) : id(id), log(log) {}
    std::function<void()> onExpiry;
    int id;
    qint64 expiredAfter = -1;
    QElapsedTimer clock;

protected:
    void expired() override
    {
        expiredAfter = clock.isValid() ? clock.elapsed() : -1;
        log->append(id);
        if (onExpiry)
            onExpiry();
    }

private:
    QList<int> *log;
};

} // namespace

class tst_Deadlines : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void expireInTheirOrderAfterTheirDuration()
    {
        Deadlines deadlines;
        QList<int> log;
        Probe a(1, &log), b(2, &log), c(3, &log);
        a.clock.start();
        deadlines.start(&a, 120ms);
        deadlines.start(&b, 40ms); // a shorter duration: its own queue, due first
        deadlines.start(&c, 120ms);
        QVERIFY(a.isActive() && b.isActive() && c.isActive());
        QTRY_COMPARE(log.size(), 3);
        QCOMPARE(log, (QList<int>{2, 1, 3}));
        QVERIFY2(a.expiredAfter >= 115, QByteArray::number(a.expiredAfter).constData());
        QVERIFY(!a.isActive() && !b.isActive() && !c.isActive());
    }

    void restartMovesAndStopCancels()
    {
        Deadlines deadlines;
        QList<int> log;
        Probe moved(1, &log), stopped(2, &log), kept(3, &log);
        deadlines.start(&moved, 60ms);
        deadlines.start(&stopped, 60ms);
        deadlines.start(&kept, 60ms);
        QTest::qWait(30);
        deadlines.start(&moved, 60ms); // now behind the others
        deadlines.stop(&stopped);
        QVERIFY(!stopped.isActive());
        QTRY_COMPARE(log.size(), 2);
        QCOMPARE(log, (QList<int>{3, 1}));
        QTest::qWait(100);
        QCOMPARE(log.size(), 2);
    }

    void destroyedDeadlineNeverExpires()
    {
        Deadlines deadlines;
        QList<int> log;
        Probe kept(1, &log);
        {
            Probe gone(2, &log);
            deadlines.start(&gone, 20ms);
        }
        deadlines.start(&kept, 40ms);
        QTRY_COMPARE(log.size(), 1);
        QCOMPARE(log.constFirst(), 1);
    }

    void expiryMayStartStopAndDestroyOthers()
    {
        Deadlines deadlines;
        QList<int> log;
        auto first = std::make_unique<Probe>(1, &log);
        auto victim = std::make_unique<Probe>(2, &log);
        Probe next(3, &log);
        // All due in the same pass: the first destroys the second and starts a third (the
        // heartbeat: a ping sent starts its pong deadline).
        first->onExpiry = [&] {
            victim.reset();
            deadlines.start(&next, 10ms);
        };
        deadlines.start(first.get(), 20ms);
        deadlines.start(victim.get(), 20ms);
        QTRY_COMPARE(log.size(), 2);
        QCOMPARE(log, (QList<int>{1, 3}));
        // Restarting itself from its own expiry (the next ping).
        int rounds = 0;
        first->onExpiry = [&] {
            if (++rounds < 3)
                deadlines.start(first.get(), 5ms);
        };
        deadlines.start(first.get(), 5ms);
        QTRY_COMPARE(rounds, 3);
    }

    void manyDeadlines()
    {
        // 20,000 sessions: started, half restarted, a quarter stopped; every other one expires
        // once, in order of its last start.
        Deadlines deadlines;
        QList<int> log;
        std::vector<std::unique_ptr<Probe>> probes;
        for (int i = 0; i < 20000; ++i) {
            probes.push_back(std::make_unique<Probe>(i, &log));
            deadlines.start(probes.back().get(), 50ms);
        }
        for (int i = 0; i < 20000; i += 2)
            deadlines.start(probes[size_t(i)].get(), 50ms);
        for (int i = 1; i < 20000; i += 4)
            deadlines.stop(probes[size_t(i)].get());
        QTRY_COMPARE(log.size(), 15000);
        QList<int> expected;
        for (int i = 3; i < 20000; i += 4)
            expected.append(i);
        for (int i = 0; i < 20000; i += 2)
            expected.append(i);
        QCOMPARE(log, expected);
    }
};

QTEST_GUILESS_MAIN(tst_Deadlines)
#include "tst_deadlines.moc"
