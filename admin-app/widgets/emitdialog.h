// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIOADMIN_EMITDIALOG_H
#define SOCKETIOADMIN_EMITDIALOG_H

#include <QtWidgets/QDialog>

QT_BEGIN_NAMESPACE
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QRadioButton;
QT_END_NAMESPACE

namespace SocketIoAdmin {

// An event to emit: its name, its arguments as JSON (checked while typing,
// the parse error shown under the field) and its target: one socket, a room
// or the whole namespace.
class EmitDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY(EmitDialog)

public:
    explicit EmitDialog(QWidget *parent = nullptr);
    ~EmitDialog() override;

    void setTargets(const QString &nsp, const QString &room, const QString &socketId);
    QString eventName() const;
    void setEventName(const QString &name);
    QString argumentsText() const;
    void setArgumentsText(const QString &text);
    QVariantList arguments() const;
    QString filter() const; // socket id, room, or empty for the whole namespace
    QString errorText() const;
    bool isValid() const;

private:
    void validate();

    QLabel *m_namespace;
    QRadioButton *m_toSocket;
    QRadioButton *m_toRoom;
    QRadioButton *m_toNamespace;
    QLineEdit *m_room;
    QLineEdit *m_event;
    QPlainTextEdit *m_args;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
    QString m_socketId;
    QVariantList m_parsed;
};

} // namespace SocketIoAdmin

#endif // SOCKETIOADMIN_EMITDIALOG_H
