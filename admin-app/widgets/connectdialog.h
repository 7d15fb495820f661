// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIOADMIN_CONNECTDIALOG_H
#define SOCKETIOADMIN_CONNECTDIALOG_H

#include "connectionsettings.h"

#include <QtWidgets/QDialog>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
QT_END_NAMESPACE

namespace SocketIoAdmin {

// Where to connect: server URL (with the recent servers offered), admin
// namespace, path, username, password and "WebSocket only".
class ConnectDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY(ConnectDialog)

public:
    explicit ConnectDialog(const QList<ConnectionSettings> &recent, QWidget *parent = nullptr);
    ~ConnectDialog() override;

    ConnectionSettings settings() const;
    void setSettings(const ConnectionSettings &settings);

private:
    void pickRecent(int index);
    void validate();

    QList<ConnectionSettings> m_recent;
    QComboBox *m_url;
    QLineEdit *m_namespace;
    QLineEdit *m_path;
    QLineEdit *m_username;
    QLineEdit *m_password;
    QCheckBox *m_websocketOnly;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
};

} // namespace SocketIoAdmin

#endif // SOCKETIOADMIN_CONNECTDIALOG_H
