// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIOADMIN_DASHBOARDPANEL_H
#define SOCKETIOADMIN_DASHBOARDPANEL_H

#include <QtCore/QPointer>
#include <QtWidgets/QWidget>

QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QValueAxis;
class QVXYModelMapper;
QT_END_NAMESPACE

namespace SocketIoAdmin {

class StatsHistoryModel;

// The dashboard tab: the servers of the selected connection (id, host, pid,
// uptime, clients, health) and three charts over the last 10 minutes:
// connected clients, packets per second in/out, bytes per second in/out.
class DashboardPanel : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY(DashboardPanel)

public:
    explicit DashboardPanel(QWidget *parent = nullptr);
    ~DashboardPanel() override;

    void setHistory(StatsHistoryModel *history);
    StatsHistoryModel *history() const;
    QString summaryText() const;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    struct Chart
    {
        QChart *chart = nullptr;
        QChartView *view = nullptr;
        QDateTimeAxis *time = nullptr;
        QValueAxis *values = nullptr;
        QList<QVXYModelMapper *> mappers;
        QList<int> columns;
    };
    Chart makeChart(const QString &title, const QList<std::pair<QString, int>> &series);
    void updateAxes();
    void updateSummary();

    QPointer<StatsHistoryModel> m_history;
    QLabel *m_summary;
    QList<Chart> m_charts;
};

} // namespace SocketIoAdmin

#endif // SOCKETIOADMIN_DASHBOARDPANEL_H
