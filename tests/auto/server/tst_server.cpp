// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// Server-level behaviour that needs no client: serveClient and its cache
// headers, namespace bookkeeping, listening.

#include <SocketIo/Engine>
#include <SocketIo/Server>

#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

class tst_Server : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void serveClient_data();
    void serveClient();
    void serveClientNotModified();
    void serveClientOff();
    void namespacesAreCreatedOnce();
    void listenFailsOnBusyPort();

private:
    std::unique_ptr<QNetworkReply> get(const QUrl &url, const QByteArray &ifNoneMatch = {});
    QNetworkAccessManager m_http;
};

std::unique_ptr<QNetworkReply> tst_Server::get(const QUrl &url, const QByteArray &ifNoneMatch)
{
    QNetworkRequest request(url);
    if (!ifNoneMatch.isEmpty())
        request.setRawHeader("If-None-Match", ifNoneMatch);
    std::unique_ptr<QNetworkReply> reply(m_http.get(request));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    finished.wait(5000);
    return reply;
}

void tst_Server::serveClient_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("contentType");
    QTest::newRow("bundle") << QStringLiteral("socket.io.js") << QByteArray("application/javascript; charset=utf-8");
    QTest::newRow("minified") << QStringLiteral("socket.io.min.js")
                              << QByteArray("application/javascript; charset=utf-8");
    QTest::newRow("esm") << QStringLiteral("socket.io.esm.min.js")
                         << QByteArray("application/javascript; charset=utf-8");
    QTest::newRow("source map") << QStringLiteral("socket.io.min.js.map")
                                << QByteArray("application/json; charset=utf-8");
}

// The official client bundle is served under the path, as Node's serveClient does.
void tst_Server::serveClient()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, contentType);
    SocketIo::Server io;
    QVERIFY(io.listen(QHostAddress::LocalHost, 0));
    auto reply = get(QUrl(QStringLiteral("http://127.0.0.1:%1/socket.io/%2").arg(io.serverPort()).arg(file)));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(reply->rawHeader("Content-Type"), contentType);
    QVERIFY(reply->rawHeader("ETag").startsWith('"'));
    const QByteArray body = reply->readAll();
    QVERIFY(body.size() > 1000);
    if (file.endsWith(QLatin1String(".js")))
        QVERIFY(body.contains("io"));
}

void tst_Server::serveClientNotModified()
{
    SocketIo::Server io;
    QVERIFY(io.listen(QHostAddress::LocalHost, 0));
    const QUrl url(QStringLiteral("http://127.0.0.1:%1/socket.io/socket.io.min.js").arg(io.serverPort()));
    const QByteArray etag = get(url)->rawHeader("ETag");
    QVERIFY(!etag.isEmpty());
    auto again = get(url, etag);
    QCOMPARE(again->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 304);
    QVERIFY(again->readAll().isEmpty());
    auto other = get(url, QByteArrayLiteral("\"0.0.1\""));
    QCOMPARE(other->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
}

void tst_Server::serveClientOff()
{
    SocketIo::ServerOptions options;
    options.setServeClient(false);
    SocketIo::Server io(options);
    QVERIFY(io.listen(QHostAddress::LocalHost, 0));
    auto reply = get(QUrl(QStringLiteral("http://127.0.0.1:%1/socket.io/socket.io.js").arg(io.serverPort())));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 404);
}

void tst_Server::namespacesAreCreatedOnce()
{
    SocketIo::Server io;
    QSignalSpy created(&io, &SocketIo::Server::newNamespace);
    SocketIo::Namespace *chat = io.of(QStringLiteral("/chat"));
    QCOMPARE(io.of(QStringLiteral("/chat")), chat);
    QCOMPARE(io.of(QStringLiteral("chat")), chat);
    QCOMPARE(created.size(), 1);
    QCOMPARE(chat->name(), QStringLiteral("/chat"));
    QCOMPARE(io.sockets()->name(), QStringLiteral("/"));
    QCOMPARE(io.of(QStringLiteral("/")), io.sockets());
    QCOMPARE(chat->socketCount(), 0);
}

void tst_Server::listenFailsOnBusyPort()
{
    SocketIo::Server first;
    QVERIFY(first.listen(QHostAddress::LocalHost, 0));
    SocketIo::Server second;
    QSignalSpy failed(&second, &SocketIo::Server::errorOccurred);
    QCOMPARE(second.error(), SocketIo::Server::Error::NoError);
    QVERIFY(!second.listen(QHostAddress::LocalHost, first.serverPort()));
    QCOMPARE(second.error(), SocketIo::Server::Error::ListenError);
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.at(0).at(0).value<SocketIo::Server::Error>(), SocketIo::Server::Error::ListenError);
    QVERIFY2(second.errorString().startsWith(QStringLiteral("Could not listen: ")), qPrintable(second.errorString()));
}

QTEST_MAIN(tst_Server)
#include "tst_server.moc"
