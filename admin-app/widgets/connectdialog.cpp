// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "connectdialog.h"

#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QVBoxLayout>

namespace SocketIoAdmin {

/*!
    \class SocketIoAdmin::ConnectDialog
    \brief The connection form. Recent servers fill every field but the
    password, which is never stored.
*/

ConnectDialog::ConnectDialog(const QList<ConnectionSettings> &recent, QWidget *parent)
    : QDialog(parent), m_recent(recent), m_url(new QComboBox(this)), m_namespace(new QLineEdit(this)),
      m_path(new QLineEdit(this)), m_username(new QLineEdit(this)), m_password(new QLineEdit(this)),
      m_websocketOnly(new QCheckBox(tr("WebSocket only (no HTTP long-polling)"), this)), m_error(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Connect to a server"));
    m_url->setEditable(true);
    m_url->setInsertPolicy(QComboBox::NoInsert);
    m_url->lineEdit()->setPlaceholderText(QStringLiteral("http://localhost:3000"));
    for (const ConnectionSettings &s : recent)
        m_url->addItem(s.url.toString());
    m_namespace->setPlaceholderText(QStringLiteral("/admin"));
    m_path->setPlaceholderText(QStringLiteral("/socket.io/"));
    m_username->setPlaceholderText(tr("none"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("not stored"));
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));

    auto *form = new QFormLayout;
    form->addRow(tr("Server URL:"), m_url);
    form->addRow(tr("Admin namespace:"), m_namespace);
    form->addRow(tr("Path:"), m_path);
    form->addRow(tr("Username:"), m_username);
    form->addRow(tr("Password:"), m_password);
    form->addRow(QString(), m_websocketOnly);
    form->addRow(QString(), m_error);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_buttons);
    setMinimumWidth(420);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_url, &QComboBox::activated, this, &ConnectDialog::pickRecent);
    connect(m_url, &QComboBox::editTextChanged, this, &ConnectDialog::validate);
    if (!recent.isEmpty())
        setSettings(recent.first());
    else
        setSettings({});
}

ConnectDialog::~ConnectDialog() = default;

ConnectionSettings ConnectDialog::settings() const
{
    ConnectionSettings s;
    QString text = m_url->currentText().trimmed();
    if (!text.contains(QLatin1String("://")))
        text.prepend(QStringLiteral("http://"));
    s.url = QUrl(text);
    s.adminNamespace = ConnectionSettings::normalizedNamespace(m_namespace->text());
    s.path = ConnectionSettings::normalizedPath(m_path->text());
    s.username = m_username->text();
    s.password = m_password->text();
    s.websocketOnly = m_websocketOnly->isChecked();
    return s;
}

void ConnectDialog::setSettings(const ConnectionSettings &s)
{
    m_url->setEditText(s.url.isEmpty() ? QStringLiteral("http://localhost:3000") : s.url.toString());
    m_namespace->setText(s.adminNamespace);
    m_path->setText(s.path);
    m_username->setText(s.username);
    m_password->setText(s.password);
    m_websocketOnly->setChecked(s.websocketOnly);
    validate();
}

void ConnectDialog::pickRecent(int index)
{
    if (index >= 0 && index < m_recent.size())
        setSettings(m_recent.at(index));
}

void ConnectDialog::validate()
{
    const QUrl url = settings().url;
    const bool ok = url.isValid() && !url.host().isEmpty()
            && (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"));
    m_error->setText(ok ? QString() : tr("Enter an http:// or https:// URL with a host."));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(ok);
}

} // namespace SocketIoAdmin
