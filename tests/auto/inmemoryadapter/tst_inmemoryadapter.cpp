// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include <SocketIo/InMemoryAdapter>
#include <SocketIo/Server>

#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

class tst_InMemoryAdapter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roomsFollowJoinsAndLeaves();
    void delAllLeavesEveryRoom();
    void defaultAdapterAndFactory();
};

void tst_InMemoryAdapter::roomsFollowJoinsAndLeaves()
{
    SocketIo::Server io;
    auto *adapter = qobject_cast<SocketIo::InMemoryAdapter *>(io.sockets()->adapter());
    QVERIFY(adapter);
    QSignalSpy created(adapter, &SocketIo::Adapter::roomCreated);
    QSignalSpy deleted(adapter, &SocketIo::Adapter::roomDeleted);
    QSignalSpy joined(adapter, &SocketIo::Adapter::joinedRoom);
    QSignalSpy left(adapter, &SocketIo::Adapter::leftRoom);

    adapter->addAll(QStringLiteral("s1"), QStringList{QStringLiteral("s1"), QStringLiteral("room")});
    adapter->addAll(QStringLiteral("s2"), QStringList{QStringLiteral("s2"), QStringLiteral("room")});
    adapter->addAll(QStringLiteral("s2"), QStringList{QStringLiteral("room")}); // already in: no signal
    QCOMPARE(created.size(), 3);
    QCOMPARE(joined.size(), 4);
    QCOMPARE(adapter->rooms().value(QStringLiteral("room")),
             (QSet<QString>{QStringLiteral("s1"), QStringLiteral("s2")}));
    QCOMPARE(adapter->socketRooms(QStringLiteral("s1")),
             (QStringList{QStringLiteral("s1"), QStringLiteral("room")}));

    adapter->del(QStringLiteral("s1"), QStringLiteral("room"));
    QCOMPARE(left.size(), 1);
    QCOMPARE(deleted.size(), 0);
    adapter->del(QStringLiteral("s2"), QStringLiteral("room"));
    QCOMPARE(deleted.size(), 1);
    QCOMPARE(deleted.first().first().toString(), QStringLiteral("room"));
    QVERIFY(!adapter->rooms().contains(QStringLiteral("room")));
    adapter->del(QStringLiteral("s2"), QStringLiteral("room")); // not in it: nothing
    QCOMPARE(left.size(), 2);
}

void tst_InMemoryAdapter::delAllLeavesEveryRoom()
{
    SocketIo::Server io;
    SocketIo::Adapter *adapter = io.of(QStringLiteral("/x"))->adapter();
    adapter->addAll(QStringLiteral("s1"), QStringList{QStringLiteral("s1"), QStringLiteral("a"), QStringLiteral("b")});
    adapter->addAll(QStringLiteral("s2"), QStringList{QStringLiteral("s2"), QStringLiteral("a")});
    QSignalSpy deleted(adapter, &SocketIo::Adapter::roomDeleted);
    adapter->delAll(QStringLiteral("s1"));
    QVERIFY(adapter->socketRooms(QStringLiteral("s1")).isEmpty());
    QCOMPARE(deleted.size(), 2); // "s1" and "b"; "a" still has s2
    QCOMPARE(adapter->socketRooms(QStringLiteral("s2")), (QStringList{QStringLiteral("s2"), QStringLiteral("a")}));
}

void tst_InMemoryAdapter::defaultAdapterAndFactory()
{
    SocketIo::Server io;
    QVERIFY(qobject_cast<SocketIo::InMemoryAdapter *>(io.sockets()->adapter()));
    int made = 0;
    io.setAdapterFactory([&made](SocketIo::Namespace *nsp) {
        ++made;
        return new SocketIo::InMemoryAdapter(nsp);
    });
    SocketIo::Namespace *nsp = io.of(QStringLiteral("/made"));
    QCOMPARE(made, 1);
    QCOMPARE(nsp->adapter()->nsp(), nsp);
    QCOMPARE(io.of(QStringLiteral("made")), nsp); // names are normalised with a leading slash
    QCOMPARE(made, 1);
}

QTEST_MAIN(tst_InMemoryAdapter)
#include "tst_inmemoryadapter.moc"
