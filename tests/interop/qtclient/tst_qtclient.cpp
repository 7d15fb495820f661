// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// SocketIo::Client against a real server process: Node's socket.io 4.8
// (reference-server.mjs) or our sio-test-server, named by SIO_SERVER. Both
// transports. A missing server fails the tests, it never skips them.

#include <SocketIo/Client>
#include <SocketIo/ClientSocket>

#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

using namespace std::chrono_literals;

class tst_QtClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void init();
    void cleanup();
    void connectsAndIsWelcomed();
    void eventsAndAcksBothWays();
    void binaryNestedBothWays();
    void middlewareRefusalCarriesData();
    void serverAckTimesOutWhenUnanswered();
    void serverDisconnectReason();

private:
    SocketIo::ClientSocket *connectSocket(const QString &nsp, const QVariantMap &auth = {});

    std::unique_ptr<QProcess> m_server;
    quint16 m_port = 0;
    std::unique_ptr<SocketIo::Client> m_client;
};

void tst_QtClient::initTestCase_data()
{
    QTest::addColumn<SocketIo::Client::Transports>("transports");
    QTest::newRow("polling") << SocketIo::Client::Transports(SocketIo::Client::Transport::Polling);
    QTest::newRow("websocket") << SocketIo::Client::Transports(SocketIo::Client::Transport::WebSocket);
}

void tst_QtClient::init()
{
    const QString server = qEnvironmentVariable("SIO_SERVER");
    QVERIFY2(!server.isEmpty(), "SIO_SERVER is not set: point it at reference-server.mjs or sio-test-server");
    m_server = std::make_unique<QProcess>();
    if (server.endsWith(QLatin1String(".mjs"))) {
        const QString node = qEnvironmentVariable("NODE", QStringLiteral("node"));
        m_server->start(node, {server, QStringLiteral("--port"), QStringLiteral("0")});
    } else {
        m_server->start(server, {QStringLiteral("--port"), QStringLiteral("0")});
    }
    QVERIFY2(m_server->waitForStarted(5000), qPrintable(m_server->errorString()));
    const QRegularExpression listening(QStringLiteral("LISTENING (\\d+)"));
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += m_server->readAllStandardOutput(), listening.match(QString::fromUtf8(out)).hasMatch()), 10000);
    m_port = quint16(listening.match(QString::fromUtf8(out)).captured(1).toUInt());

    QFETCH_GLOBAL(SocketIo::Client::Transports, transports);
    m_client = std::make_unique<SocketIo::Client>(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)));
    m_client->setTransports(transports);
    m_client->setReconnection(false);
}

void tst_QtClient::cleanup()
{
    m_client.reset();
    if (m_server) {
        m_server->terminate();
        if (!m_server->waitForFinished(3000))
            m_server->kill();
        m_server.reset();
    }
}

SocketIo::ClientSocket *tst_QtClient::connectSocket(const QString &nsp, const QVariantMap &auth)
{
    SocketIo::ClientSocket *socket = m_client->socket(nsp, auth);
    QSignalSpy connected(socket, &SocketIo::ClientSocket::connected);
    socket->open();
    if (!connected.wait(5000))
        return nullptr;
    return socket;
}

void tst_QtClient::connectsAndIsWelcomed()
{
    QVariantMap welcome;
    SocketIo::ClientSocket *socket = m_client->socket(QStringLiteral("/custom"), {{QStringLiteral("token"), QStringLiteral("abc")}});
    socket->on(QStringLiteral("welcome"), this, [&welcome](const QVariantList &args, const SocketIo::Ack &) {
        welcome = args.value(0).toMap();
    });
    socket->open();
    QTRY_VERIFY_WITH_TIMEOUT(!welcome.isEmpty(), 5000);
    QCOMPARE(welcome.value(QStringLiteral("nsp")).toString(), QStringLiteral("/custom"));
    QCOMPARE(welcome.value(QStringLiteral("id")).toString(), socket->id());
    QCOMPARE(socket->id().size(), 20);
    QCOMPARE(welcome.value(QStringLiteral("auth")).toMap().value(QStringLiteral("token")).toString(), QStringLiteral("abc"));
}

void tst_QtClient::eventsAndAcksBothWays()
{
    SocketIo::ClientSocket *socket = connectSocket(QStringLiteral("/"));
    QVERIFY(socket);
    QVariantList echoed;
    socket->on(QStringLiteral("echo"), this, [&echoed](const QVariantList &args, const SocketIo::Ack &) { echoed = args; });
    const QVariantList sent{QStringLiteral("text"), 42, true, QVariantMap{{QStringLiteral("nested"), QVariantList{1, 2}}}};
    socket->emitEvent(QStringLiteral("echo"), sent);
    QTRY_VERIFY_WITH_TIMEOUT(!echoed.isEmpty(), 5000);
    QCOMPARE(echoed.value(0).toString(), QStringLiteral("text"));
    QCOMPARE(echoed.value(1).toInt(), 42);
    QCOMPARE(echoed.value(2).toBool(), true);
    QCOMPARE(echoed.value(3).toMap().value(QStringLiteral("nested")).toList().size(), 2);

    // client -> server ack
    QVariantList answer;
    bool answered = false;
    socket->emitWithAck(QStringLiteral("ack"), {QStringLiteral("a"), 1}, this,
                        [&](const QVariant &error, const QVariantList &args) {
                            QVERIFY(!error.isValid() || error.isNull());
                            answer = args;
                            answered = true;
                        });
    QTRY_VERIFY_WITH_TIMEOUT(answered, 5000);
    QCOMPARE(answer, (QVariantList{QStringLiteral("a"), 1}));

    // server -> client ack: the server asks "question" and reports our answer
    socket->on(QStringLiteral("question"), this, [](const QVariantList &args, const SocketIo::Ack &ack) {
        ack.send({args.value(0).toInt() + 1});
    });
    QVariantList report;
    socket->emitWithAck(QStringLiteral("server-ack"), {2000}, this,
                        [&report](const QVariant &, const QVariantList &args) { report = args; });
    QTRY_VERIFY_WITH_TIMEOUT(!report.isEmpty(), 5000);
    QVERIFY(report.value(0).isNull());
    QCOMPARE(report.value(1).toList().value(0).toInt(), 43);
}

void tst_QtClient::binaryNestedBothWays()
{
    SocketIo::ClientSocket *socket = connectSocket(QStringLiteral("/"));
    QVERIFY(socket);
    QByteArray all(256, Qt::Uninitialized);
    for (int i = 0; i < 256; ++i)
        all[i] = char(i);
    QVariantList back;
    socket->on(QStringLiteral("binary-echo"), this, [&back](const QVariantList &args, const SocketIo::Ack &) { back = args; });
    socket->emitEvent(QStringLiteral("binary-echo"),
                      {QVariantMap{{QStringLiteral("list"), QVariantList{all, QStringLiteral("x")}}}, QByteArray("\x01\x02", 2)});
    QTRY_VERIFY_WITH_TIMEOUT(!back.isEmpty(), 5000);
    QCOMPARE(back.value(0).toMap().value(QStringLiteral("list")).toList().value(0).toByteArray(), all);
    QCOMPARE(back.value(1).toByteArray(), QByteArray("\x01\x02", 2));
}

void tst_QtClient::middlewareRefusalCarriesData()
{
    SocketIo::ClientSocket *socket = m_client->socket(QStringLiteral("/auth"));
    QSignalSpy refused(socket, &SocketIo::ClientSocket::connectError);
    socket->open();
    QVERIFY(refused.wait(5000));
    QCOMPARE(refused.first().at(0).toString(), QStringLiteral("unauthorized"));
    QCOMPARE(refused.first().at(1).toMap().value(QStringLiteral("code")).toInt(), 401);
    // A manager keeps one socket per namespace: the right token goes through a new manager.
    QFETCH_GLOBAL(SocketIo::Client::Transports, transports);
    SocketIo::Client other(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)));
    other.setTransports(transports);
    other.setReconnection(false);
    SocketIo::ClientSocket *admitted = other.socket(QStringLiteral("/auth"), {{QStringLiteral("token"), QStringLiteral("secret")}});
    QSignalSpy connected(admitted, &SocketIo::ClientSocket::connected);
    admitted->open();
    QVERIFY(connected.wait(5000));
}

void tst_QtClient::serverAckTimesOutWhenUnanswered()
{
    SocketIo::ClientSocket *socket = connectSocket(QStringLiteral("/"));
    QVERIFY(socket);
    // No "question" handler: the server's ack times out and it reports the error.
    QVariantList report;
    socket->emitWithAck(QStringLiteral("server-ack"), {200}, this,
                        [&report](const QVariant &, const QVariantList &args) { report = args; });
    QTRY_VERIFY_WITH_TIMEOUT(!report.isEmpty(), 5000);
    QCOMPARE(report.value(0).toString(), QStringLiteral("operation has timed out"));
}

void tst_QtClient::serverDisconnectReason()
{
    SocketIo::ClientSocket *socket = connectSocket(QStringLiteral("/"));
    QVERIFY(socket);
    QSignalSpy gone(socket, &SocketIo::ClientSocket::disconnected);
    socket->emitEvent(QStringLiteral("disconnect-me"), {false});
    QVERIFY(gone.wait(5000));
    QCOMPARE(gone.first().first().toString(), QStringLiteral("io server disconnect"));
}

QTEST_MAIN(tst_QtClient)
#include "tst_qtclient.moc"
