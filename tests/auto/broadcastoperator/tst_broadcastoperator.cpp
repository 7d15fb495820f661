// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include <SocketIo/BroadcastOperator>
#include <SocketIo/Server>

#include <QtTest/QTest>

using namespace std::chrono_literals;
using SocketIo::BroadcastOperator;

class tst_BroadcastOperator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void immutability();
    void chainsAccumulate();
    void staleOperatorDoesNothing();
    void reservedEventsAreRefused_data();
    void reservedEventsAreRefused();
    void broadcastAckNeedsTimeout();
};

// Every modifier returns a new operator and leaves the original as it was
// (the socket.io "namespaces" test of the same name).
void tst_BroadcastOperator::immutability()
{
    SocketIo::Server io;
    const BroadcastOperator base = io.of(QStringLiteral("/chat"))->to(QStringLiteral("room1"));
    const SocketIo::BroadcastOptions before = base.options();

    const BroadcastOperator derived[] = {
            base.to(QStringLiteral("room2")),
            base.in(QStringList{QStringLiteral("a"), QStringLiteral("b")}),
            base.except(QStringLiteral("room3")),
            base.compress(false),
            base.asVolatile(),
            base.local(),
            base.timeout(500ms),
    };
    for (const BroadcastOperator &op : derived) {
        QVERIFY(op != base);
        QCOMPARE(op.nsp(), base.nsp());
    }
    const SocketIo::BroadcastOptions after = base.options();
    QCOMPARE(after.rooms, before.rooms);
    QCOMPARE(after.except, before.except);
    QVERIFY(after.flags == before.flags);
    QCOMPARE(base.options().rooms, QSet<QString>{QStringLiteral("room1")});
}

void tst_BroadcastOperator::chainsAccumulate()
{
    SocketIo::Server io;
    const BroadcastOperator op = io.to(QStringLiteral("a"))
                                         .to(QStringLiteral("b"))
                                         .except(QStringLiteral("c"))
                                         .asVolatile()
                                         .compress(false)
                                         .timeout(2s)
                                         .local();
    const SocketIo::BroadcastOptions o = op.options();
    QCOMPARE(o.rooms, (QSet<QString>{QStringLiteral("a"), QStringLiteral("b")}));
    QCOMPARE(o.except, QSet<QString>{QStringLiteral("c")});
    QVERIFY(o.flags.isVolatile);
    QVERIFY(!o.flags.compress);
    QVERIFY(o.flags.local);
    QCOMPARE(o.flags.timeoutMs, 2000);
    QCOMPARE(op.nsp(), io.sockets());
}

void tst_BroadcastOperator::staleOperatorDoesNothing()
{
    BroadcastOperator op;
    {
        SocketIo::Server io;
        op = io.of(QStringLiteral("/gone"))->to(QStringLiteral("room"));
    }
    QCOMPARE(op.nsp(), nullptr);
    QTest::ignoreMessage(QtWarningMsg, "broadcast on a namespace that no longer exists: ignored");
    QVERIFY(!op.emitEvent(QStringLiteral("hello")));
    QTest::ignoreMessage(QtWarningMsg, "broadcast on a namespace that no longer exists: ignored");
    QVERIFY(op.fetchSockets().isEmpty());
}

void tst_BroadcastOperator::reservedEventsAreRefused_data()
{
    QTest::addColumn<QString>("event");
    for (const char *name :
         {"connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void tst_BroadcastOperator::reservedEventsAreRefused()
{
    QFETCH(QString, event);
    SocketIo::Server io;
    QTest::ignoreMessage(QtWarningMsg, qPrintable(QStringLiteral("\"%1\" is a reserved event name").arg(event)));
    QVERIFY(!io.emitEvent(event));
}

void tst_BroadcastOperator::broadcastAckNeedsTimeout()
{
    SocketIo::Server io;
    QTest::ignoreMessage(QtWarningMsg, "a broadcast acknowledgement needs timeout(): ignored");
    QVERIFY(!io.to(QStringLiteral("r"))
                     .emitWithAck(QStringLiteral("q"), {}, this, [](const QVariant &, const QVariantList &) {}));
    bool called = false;
    QVariant error = QStringLiteral("unset");
    QVERIFY(io.to(QStringLiteral("empty"))
                    .timeout(50ms)
                    .emitWithAck(QStringLiteral("q"), {}, this, [&](const QVariant &e, const QVariantList &responses) {
                        called = true;
                        error = e;
                        QVERIFY(responses.isEmpty());
                    }));
    // No socket in the room: complete at once, no error.
    QVERIFY(called);
    QVERIFY(!error.isValid());
}

QTEST_MAIN(tst_BroadcastOperator)
#include "tst_broadcastoperator.moc"
