// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "rawsioclient.h"

#include <SocketIo/InMemoryAdapter>
#include <SocketIo/Server>
#include <SocketIo/Socket>

#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

namespace {

// The in-memory adapter, counting the broadcasts that go through it.
class CountingAdapter : public SocketIo::InMemoryAdapter
{
public:
    CountingAdapter(SocketIo::Namespace *nsp, int generation) : InMemoryAdapter(nsp), generation(generation) {}
    void broadcast(const QVariantList &data, const SocketIo::BroadcastOptions &options) override
    {
        ++broadcasts;
        InMemoryAdapter::broadcast(data, options);
    }
    const int generation;
    int broadcasts = 0;
};

// What a cluster adapter does when another server's serverSideEmit() arrives.
class DeliveringAdapter : public SocketIo::InMemoryAdapter
{
public:
    using InMemoryAdapter::InMemoryAdapter;
    void deliver(const QVariantList &data, std::function<void(const QVariantList &)> reply = {})
    {
        receiveServerSideEmit(data, std::move(reply));
    }
};

CountingAdapter *countingAdapterOf(SocketIo::Namespace *nsp)
{
    return dynamic_cast<CountingAdapter *>(nsp->adapter());
}

} // namespace

class tst_InMemoryAdapter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roomsFollowJoinsAndLeaves();
    void delAllLeavesEveryRoom();
    void ownRoomsSharedWithOthers();
    void defaultAdapterAndFactory();
    void adapterOptionCoversTheMainNamespace();
    void replacedAdapterKeepsTheRooms();
    void serverSideEventsReachTheNamespaceHandlers();
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
    QCOMPARE(made, 1); // "/" got one at once, as Node's io.adapter() does
    SocketIo::Namespace *nsp = io.of(QStringLiteral("/made"));
    QCOMPARE(made, 2);
    QCOMPARE(nsp->adapter()->nsp(), nsp);
    QCOMPARE(io.of(QStringLiteral("made")), nsp); // names are normalised with a leading slash
    QCOMPARE(made, 2);
}

// Node's `adapter` server option: io.emit() on "/" goes through the factory's adapter.
void tst_InMemoryAdapter::adapterOptionCoversTheMainNamespace()
{
    SocketIo::ServerOptions options;
    options.setAdapterFactory([](SocketIo::Namespace *nsp) { return new CountingAdapter(nsp, 1); });
    SocketIo::Server io(options);
    QVERIFY(io.options().adapterFactory());
    QVERIFY(countingAdapterOf(io.sockets()));
    QVERIFY(countingAdapterOf(io.of(QStringLiteral("/other"))));
    QVERIFY(io.listen(QHostAddress::LocalHost, 0));

    SocketIoTest::RawSioClient client(SocketIoTest::RawSioClient::Transport::WebSocket);
    QSignalSpy events(&client, &SocketIoTest::RawSioClient::eventReceived);
    client.connectTo(io.serverPort());
    QTRY_VERIFY(client.isConnected());
    io.emitEvent(QStringLiteral("hello"), {42});
    QTRY_COMPARE(events.size(), 1);
    QCOMPARE(events.at(0).at(1).toString(), QStringLiteral("hello"));
    QCOMPARE(countingAdapterOf(io.sockets())->broadcasts, 1);
}

// Setting a factory on a running server gives every namespace a new adapter, and the connected
// sockets keep their rooms in it.
void tst_InMemoryAdapter::replacedAdapterKeepsTheRooms()
{
    SocketIo::Server io;
    QVERIFY(io.listen(QHostAddress::LocalHost, 0));
    connect(&io, &SocketIo::Server::connection, this,
            [](SocketIo::Socket *socket) { socket->join(QStringLiteral("room")); });
    SocketIoTest::RawSioClient client(SocketIoTest::RawSioClient::Transport::WebSocket);
    QSignalSpy events(&client, &SocketIoTest::RawSioClient::eventReceived);
    client.connectTo(io.serverPort());
    QTRY_VERIFY(client.isConnected());
    QTRY_VERIFY(io.sockets()->adapter()->socketRooms(client.sid()).contains(QStringLiteral("room")));
    QPointer<SocketIo::Adapter> old = io.sockets()->adapter();

    io.setAdapterFactory([](SocketIo::Namespace *nsp) { return new CountingAdapter(nsp, 2); });
    CountingAdapter *fresh = countingAdapterOf(io.sockets());
    QVERIFY(fresh);
    QCOMPARE(fresh->generation, 2);
    QCOMPARE(fresh->socketRooms(client.sid()), (QStringList{client.sid(), QStringLiteral("room")}));
    io.to(QStringLiteral("room")).emitEvent(QStringLiteral("again"));
    QTRY_COMPARE(events.size(), 1);
    QCOMPARE(events.at(0).at(1).toString(), QStringLiteral("again"));
    QCOMPARE(fresh->broadcasts, 1);
    QTRY_VERIFY(old.isNull()); // the old adapter is closed and deleted
}

// Another server's serverSideEmit(), handed over by the adapter: every on() handler of the event
// runs with the arguments; the first answer through the Ack goes back, once.
void tst_InMemoryAdapter::serverSideEventsReachTheNamespaceHandlers()
{
    SocketIo::ServerOptions options;
    options.setAdapterFactory([](SocketIo::Namespace *nsp) { return new DeliveringAdapter(nsp); });
    SocketIo::Server io(options);
    auto *adapter = dynamic_cast<DeliveringAdapter *>(io.sockets()->adapter());
    QVERIFY(adapter);
    QList<QVariantList> first, second;
    io.on(QStringLiteral("hello"), this, [&first](const QVariantList &args, const SocketIo::Ack &ack) {
        first.append(args);
        if (ack.isValid()) {
            QVERIFY(ack.send({QStringLiteral("pong"), 2}));
            QVERIFY(!ack.send({QStringLiteral("again")}));
        }
    });
    QObject context;
    io.on(QStringLiteral("hello"), &context, [&second](const QVariantList &args, const SocketIo::Ack &ack) {
        second.append(args);
        QCOMPARE(ack.isValid(), args.value(0).toInt() == 2);
    });
    io.on(QStringLiteral("other"), this, [](const QVariantList &, const SocketIo::Ack &) { QFAIL("wrong event"); });

    adapter->deliver({QStringLiteral("hello"), 1, QStringLiteral("x")});
    QCOMPARE(first, (QList<QVariantList>{{1, QStringLiteral("x")}}));
    QCOMPARE(second.size(), 1);

    QList<QVariantList> replies;
    adapter->deliver({QStringLiteral("hello"), 2}, [&replies](const QVariantList &reply) { replies.append(reply); });
    QCOMPARE(replies, (QList<QVariantList>{{QStringLiteral("pong"), 2}}));

    // off() by context, then a handler bound to a destroyed context is gone too.
    io.off(QStringLiteral("hello"), this);
    {
        QObject gone;
        io.on(QStringLiteral("hello"), &gone,
              [](const QVariantList &, const SocketIo::Ack &) { QFAIL("dead context"); });
    }
    adapter->deliver({QStringLiteral("hello"), 3});
    QCOMPARE(first.size(), 2);
    QCOMPARE(second.size(), 3);
    adapter->deliver({}); // no event name: nothing runs
    QCOMPARE(second.size(), 3);
}

QTEST_MAIN(tst_InMemoryAdapter)
#include "tst_inmemoryadapter.moc"
