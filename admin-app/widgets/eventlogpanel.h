// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIOADMIN_EVENTLOGPANEL_H
#define SOCKETIOADMIN_EVENTLOGPANEL_H

#include <QtWidgets/QWidget>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QToolButton;
QT_END_NAMESPACE

namespace SocketIoAdmin {

class EventLogFilterProxyModel;
class EventLogModel;

// The event log tab: the table, a type choice and a filter box, pause,
// clear and export to a JSON file. Follows the newest row while scrolled
// to the bottom.
class EventLogPanel : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY(EventLogPanel)

public:
    explicit EventLogPanel(EventLogModel *model, QWidget *parent = nullptr);
    ~EventLogPanel() override;

    QTableView *view() const { return m_view; }
    EventLogFilterProxyModel *proxy() const { return m_proxy; }
    void exportTo(const QString &fileName);

private:
    void exportAsked();
    void updateHeld();

    EventLogModel *m_model;
    EventLogFilterProxyModel *m_proxy;
    QTableView *m_view;
    QToolButton *m_pause;
    QComboBox *m_type;
    QLineEdit *m_filter;
    QLabel *m_held;
    bool m_follow = true;
};

} // namespace SocketIoAdmin

#endif // SOCKETIOADMIN_EVENTLOGPANEL_H
