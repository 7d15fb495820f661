// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "emitdialog.h"

#include "adminprotocol.h"

#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QRadioButton>
#include <QtWidgets/QVBoxLayout>

namespace SocketIoAdmin {

/*!
    \class SocketIoAdmin::EmitDialog
    \brief Asks for an event name, JSON arguments and a target for the admin
    \c emit command.

    The arguments are checked on every keystroke with QJsonDocument; the OK
    button stays disabled and the parse error (with line and column) is shown
    under the field until they parse.
*/

EmitDialog::EmitDialog(QWidget *parent)
    : QDialog(parent), m_namespace(new QLabel(this)), m_toSocket(new QRadioButton(this)),
      m_toRoom(new QRadioButton(tr("Room:"), this)),
      m_toNamespace(new QRadioButton(tr("Every socket of the namespace"), this)), m_room(new QLineEdit(this)),
      m_event(new QLineEdit(this)), m_args(new QPlainTextEdit(this)), m_error(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Emit event"));
    m_event->setPlaceholderText(tr("event name"));
    m_args->setPlaceholderText(tr("[\"hello\", {\"count\": 1}]"));
    m_args->setTabChangesFocus(true);
    m_args->setMinimumHeight(90);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_room->setPlaceholderText(tr("room name"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Emit"));

    auto *targets = new QVBoxLayout;
    targets->addWidget(m_toSocket);
    auto *roomRow = new QHBoxLayout;
    roomRow->addWidget(m_toRoom);
    roomRow->addWidget(m_room, 1);
    targets->addLayout(roomRow);
    targets->addWidget(m_toNamespace);

    auto *form = new QFormLayout;
    form->addRow(tr("Namespace:"), m_namespace);
    form->addRow(tr("To:"), targets);
    form->addRow(tr("Event:"), m_event);
    form->addRow(tr("Arguments (JSON array):"), m_args);
    form->addRow(QString(), m_error);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_event, &QLineEdit::textChanged, this, &EmitDialog::validate);
    connect(m_room, &QLineEdit::textChanged, this, &EmitDialog::validate);
    connect(m_args, &QPlainTextEdit::textChanged, this, &EmitDialog::validate);
    for (QRadioButton *button : {m_toSocket, m_toRoom, m_toNamespace})
        connect(button, &QRadioButton::toggled, this, &EmitDialog::validate);
    setTargets(QStringLiteral("/"), {}, {});
}

EmitDialog::~EmitDialog() = default;

/*! Offers the socket when \a socketId is set, the room when \a room is; picks the narrowest. */
void EmitDialog::setTargets(const QString &nsp, const QString &room, const QString &socketId)
{
    m_namespace->setText(nsp);
    m_socketId = socketId;
    m_toSocket->setText(socketId.isEmpty() ? tr("Socket (none selected)") : tr("Socket %1").arg(socketId));
    m_toSocket->setEnabled(!socketId.isEmpty());
    m_room->setText(room);
    if (!socketId.isEmpty())
        m_toSocket->setChecked(true);
    else if (!room.isEmpty())
        m_toRoom->setChecked(true);
    else
        m_toNamespace->setChecked(true);
    validate();
}

QString EmitDialog::eventName() const
{
    return m_event->text().trimmed();
}

void EmitDialog::setEventName(const QString &name)
{
    m_event->setText(name);
}

QString EmitDialog::argumentsText() const
{
    return m_args->toPlainText();
}

void EmitDialog::setArgumentsText(const QString &text)
{
    m_args->setPlainText(text);
}

QVariantList EmitDialog::arguments() const
{
    return m_parsed;
}

QString EmitDialog::filter() const
{
    if (m_toSocket->isChecked())
        return m_socketId;
    if (m_toRoom->isChecked())
        return m_room->text().trimmed();
    return {};
}

QString EmitDialog::errorText() const
{
    return m_error->text();
}

bool EmitDialog::isValid() const
{
    return m_buttons->button(QDialogButtonBox::Ok)->isEnabled();
}

void EmitDialog::validate()
{
    QString error;
    const std::optional<QVariantList> parsed = Protocol::parseArguments(m_args->toPlainText(), &error);
    m_parsed = parsed.value_or(QVariantList());
    if (!parsed)
        m_error->setText(tr("Not valid JSON: %1").arg(error));
    else if (eventName().isEmpty())
        m_error->setText(tr("Name the event."));
    else if (m_toRoom->isChecked() && m_room->text().trimmed().isEmpty())
        m_error->setText(tr("Name the room."));
    else
        m_error->clear();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_error->text().isEmpty());
}

} // namespace SocketIoAdmin
