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
    void ownRoomsSharedWithOthers();
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
    QCOMPARE(adapter->socketRooms(QStringLiteral("s1")), (QStringList{QStringLiteral("s1"), QStringLiteral("room")}));

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

// A socket's own room is kept apart from the other rooms; joining another socket's
// room, leaving it, and the rooms() view must not notice.
void tst_InMemoryAdapter::ownRoomsSharedWithOthers()
{
    SocketIo::Server io;
    auto *adapter = qobject_cast<SocketIo::InMemoryAdapter *>(io.sockets()->adapter());
    QVERIFY(adapter);
    QSignalSpy created(adapter, &SocketIo::Adapter::roomCreated);
    QSignalSpy deleted(adapter, &SocketIo::Adapter::roomDeleted);
    QSignalSpy left(adapter, &SocketIo::Adapter::leftRoom);
    const QString s1 = QStringLiteral("s1");
    const QString s2 = QStringLiteral("s2");

    adapter->addAll(s1, {s1});
    adapter->addAll(s2, {s2, s1}); // s2 joins the room named after s1
    QCOMPARE(created.size(), 2);
    QCOMPARE(adapter->rooms().value(s1), (QSet<QString>{s1, s2}));
    QCOMPARE(adapter->rooms().value(s2), (QSet<QString>{s2}));
    QCOMPARE(adapter->rooms().size(), 2);

    adapter->del(s2, s1);
    QCOMPARE(left.size(), 1);
    QCOMPARE(deleted.size(), 0); // s1 is still in it
    QCOMPARE(adapter->rooms().value(s1), (QSet<QString>{s1}));

    adapter->addAll(s2, {s1});
    QCOMPARE(created.size(), 2); // it existed
    adapter->delAll(s1);
    QCOMPARE(deleted.size(), 0); // s2 is still in s1's room
    QCOMPARE(adapter->rooms().value(s1), (QSet<QString>{s2}));
    QVERIFY(adapter->socketRooms(s1).isEmpty());

    adapter->delAll(s2);
    QCOMPARE(deleted.size(), 2);
    QVERIFY(adapter->rooms().isEmpty());
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
