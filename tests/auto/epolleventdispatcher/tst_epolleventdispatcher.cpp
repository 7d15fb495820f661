// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// SocketIo::EpollEventDispatcher as the application's dispatcher: timers,
// posted events, socket notifiers over 127.0.0.1, and a Socket.IO server and
// client talking through it.

#include <SocketIo/Client>
#include <SocketIo/ClientSocket>
#include <SocketIo/EpollEventDispatcher>
#include <SocketIo/Server>
#include <SocketIo/Socket>

#include <QtCore/QElapsedTimer>
#include <QtCore/QPointer>
#include <QtCore/QThread>
#include <QtCore/QTimer>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QTest>

using namespace SocketIo;

class tst_EpollEventDispatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void isTheApplicationDispatcher();
    void singleShotTimerFiresOnce();
    void intervalTimerRepeatsAndStops();
    void remainingTimeCountsDown();
    void postedEventsAndDeferredDeletes();
    void wakesUpForEventsPostedFromAnotherThread();
    void socketNotifiersCarryAnEcho();
    void socketIoServerAndClientTalk();
};

void tst_EpollEventDispatcher::isTheApplicationDispatcher()
{
    QVERIFY(qobject_cast<EpollEventDispatcher *>(QAbstractEventDispatcher::instance()));
}

void tst_EpollEventDispatcher::singleShotTimerFiresOnce()
{
    int fired = 0;
    QElapsedTimer clock;
    clock.start();
    qint64 firedAt = -1;
    QTimer::singleShot(30, this, [&] {
        ++fired;
        firedAt = clock.elapsed();
    });
    QTRY_COMPARE(fired, 1);
    QVERIFY2(firedAt >= 29, qPrintable(QString::number(firedAt)));
    QTest::qWait(60);
    QCOMPARE(fired, 1);
}

void tst_EpollEventDispatcher::intervalTimerRepeatsAndStops()
{
    QTimer timer;
    timer.setInterval(10);
    int ticks = 0;
    connect(&timer, &QTimer::timeout, this, [&] {
        if (++ticks == 5)
            timer.stop();
    });
    timer.start();
    QTRY_COMPARE(ticks, 5);
    QVERIFY(!timer.isActive());
    QTest::qWait(50);
    QCOMPARE(ticks, 5);
}

void tst_EpollEventDispatcher::remainingTimeCountsDown()
{
    QTimer timer;
    timer.setSingleShot(true);
    timer.start(500);
    const int first = timer.remainingTime();
    QVERIFY2(first > 400 && first <= 500, qPrintable(QString::number(first)));
    QTest::qWait(120);
    const int later = timer.remainingTime();
    QVERIFY2(later < first && later >= 0, qPrintable(QString::number(later)));
    timer.stop();
    QCOMPARE(timer.remainingTime(), -1);
}

void tst_EpollEventDispatcher::postedEventsAndDeferredDeletes()
{
    bool ran = false;
    QMetaObject::invokeMethod(
            this, [&] { ran = true; }, Qt::QueuedConnection);
    QVERIFY(!ran);
    QPointer<QObject> doomed = new QObject;
    doomed->deleteLater();
    QTRY_VERIFY(ran);
    QTRY_VERIFY(doomed.isNull());
}

void tst_EpollEventDispatcher::wakesUpForEventsPostedFromAnotherThread()
{
    bool ran = false;
    QThread *thread = QThread::create([this, &ran] {
        QThread::msleep(50);
        QMetaObject::invokeMethod(
                this, [&ran] { ran = true; }, Qt::QueuedConnection);
    });
    thread->start();
    // No timer of ours is due: only the eventfd wakes the blocked epoll_wait.
    QElapsedTimer clock;
    clock.start();
    while (!ran && clock.elapsed() < 5000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    QVERIFY(ran);
    QVERIFY(thread->wait(5000));
    delete thread;
}

void tst_EpollEventDispatcher::socketNotifiersCarryAnEcho()
{
    QTcpServer listener;
    QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
    connect(&listener, &QTcpServer::newConnection, this, [&] {
        QTcpSocket *peer = listener.nextPendingConnection();
        connect(peer, &QTcpSocket::readyRead, peer, [peer] { peer->write(peer->readAll()); });
    });
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, listener.serverPort());
    QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);
    QByteArray payload(256 * 1024, '\0');
    for (qsizetype i = 0; i < payload.size(); ++i)
        payload[i] = char(i * 31 % 251);
    QByteArray echoed;
    connect(&client, &QTcpSocket::readyRead, this, [&] { echoed += client.readAll(); });
    client.write(payload);
    QTRY_COMPARE_WITH_TIMEOUT(echoed.size(), payload.size(), 10000);
    QCOMPARE(echoed, payload);
    client.disconnectFromHost();
    QTRY_COMPARE(client.state(), QAbstractSocket::UnconnectedState);
}

void tst_EpollEventDispatcher::socketIoServerAndClientTalk()
{
    Server io;
    QVERIFY(io.listen(QHostAddress::LocalHost, 0));
    connect(&io, &Server::connection, this, [this](Socket *s) {
        s->on(QStringLiteral("sum"), this, [](const QVariantList &args, const Ack &ack) {
            ack.send({args.value(0).toInt() + args.value(1).toInt()});
        });
    });
    Client client(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(io.serverPort())));
    ClientSocket *socket = client.socket();
    QTRY_VERIFY(socket->isConnected());
    QVariantList answer;
    QVERIFY(socket->emitWithAck(QStringLiteral("sum"), {2, 40}, this,
                                [&](const QVariant &error, const QVariantList &args) {
                                    QVERIFY(error.isNull());
                                    answer = args;
                                }));
    QTRY_COMPARE(answer, QVariantList{42});
}

int main(int argc, char *argv[])
{
    QCoreApplication::setEventDispatcher(new EpollEventDispatcher);
    QCoreApplication app(argc, argv);
    tst_EpollEventDispatcher test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_epolleventdispatcher.moc"
