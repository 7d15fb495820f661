// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// Starts the servers the QML test talks to, as real processes on 127.0.0.1:
// examples/chat, and qml-chat in --server mode; then qml-chat itself as a client
// of the first, joining as "qmlbot". The QML side finds their addresses in the
// context properties chatServerUrl and qmlServerUrl (empty when a server did not
// start, which the test reports as a failure).

#include <QtCore/QDeadlineTimer>
#include <QtCore/QObject>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtQml/QQmlContext>
#include <QtQml/QQmlEngine>
#include <QtQuickTest/quicktest.h>

#include <memory>
#include <vector>

class Setup : public QObject
{
    Q_OBJECT

public Q_SLOTS:
    void applicationAvailable()
    {
        m_chatUrl = startServer(QStringLiteral(CHAT_SERVER_BINARY), {QStringLiteral("--port"), QStringLiteral("0")});
        m_qmlServerUrl = startServer(QStringLiteral(QML_CHAT_BINARY),
                                     {QStringLiteral("--server"), QStringLiteral("--port"), QStringLiteral("0")});
        if (!m_chatUrl.isEmpty()) {
            auto app = std::make_unique<QProcess>();
            app->setProcessChannelMode(QProcess::ForwardedErrorChannel);
            app->start(QStringLiteral(QML_CHAT_BINARY),
                       {QStringLiteral("--url"), m_chatUrl, QStringLiteral("--nickname"), QStringLiteral("qmlbot")});
            if (app->waitForStarted(10000))
                m_processes.push_back(std::move(app));
            else
                qWarning("qml-chat did not start: %s", qUtf8Printable(app->errorString()));
        }
    }

    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->rootContext()->setContextProperty(QStringLiteral("chatServerUrl"), m_chatUrl);
        engine->rootContext()->setContextProperty(QStringLiteral("qmlServerUrl"), m_qmlServerUrl);
    }

    void cleanupTestCase()
    {
        for (auto &process : m_processes) {
            process->terminate();
            if (!process->waitForFinished(5000))
                process->kill();
            process->waitForFinished(2000);
        }
        m_processes.clear();
    }

private:
    // Runs program and waits (15 s at most) for its "listening on <url>" line.
    QString startServer(const QString &program, const QStringList &arguments)
    {
        auto process = std::make_unique<QProcess>();
        process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process->start(program, arguments);
        if (!process->waitForStarted(10000)) {
            qWarning("%s did not start: %s", qUtf8Printable(program), qUtf8Printable(process->errorString()));
            return {};
        }
        static const QRegularExpression listening(QStringLiteral("listening on (http://\\S+?)/?\\s*$"));
        QByteArray output;
        const QDeadlineTimer deadline(15000);
        while (!deadline.hasExpired() && process->state() == QProcess::Running) {
            if (!process->canReadLine() && !process->waitForReadyRead(int(deadline.remainingTime())))
                continue;
            while (process->canReadLine()) {
                const QString line = QString::fromUtf8(process->readLine());
                const QRegularExpressionMatch match = listening.match(line);
                if (match.hasMatch()) {
                    const QString url = match.captured(1);
                    m_processes.push_back(std::move(process));
                    return url;
                }
            }
        }
        qWarning("%s never said it was listening", qUtf8Printable(program));
        process->kill();
        process->waitForFinished(2000);
        return {};
    }

    QString m_chatUrl;
    QString m_qmlServerUrl;
    std::vector<std::unique_ptr<QProcess>> m_processes;
};

QUICK_TEST_MAIN_WITH_SETUP(qmlchat, Setup)

#include "tst_qmlchat.moc"
