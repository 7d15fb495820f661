// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "dashboardpanel.h"

#include "statshistorymodel.h"

#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QDateTimeAxis>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>
#include <QtCharts/QVXYModelMapper>
#include <QtCore/QDateTime>
#include <QtCore/QTimer>
#include <QtWidgets/QGridLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace SocketIoAdmin {

namespace {

QString uptimeText(double seconds)
{
    qint64 s = qint64(seconds);
    const qint64 d = s / 86400;
    const qint64 h = (s % 86400) / 3600;
    const qint64 m = (s % 3600) / 60;
    s %= 60;
    if (d > 0)
        return DashboardPanel::tr("%1d %2h %3m").arg(d).arg(h).arg(m);
    if (h > 0)
        return DashboardPanel::tr("%1h %2m %3s").arg(h).arg(m).arg(s);
    return DashboardPanel::tr("%1m %2s").arg(m).arg(s);
}

// A round upper bound for an axis: 1, 2 or 5 times a power of ten.
double niceCeiling(double value)
{
    if (value <= 1)
        return 1;
    const double power = std::pow(10.0, std::floor(std::log10(value)));
    for (double step : {1.0, 2.0, 5.0, 10.0}) {
        if (value <= step * power)
            return step * power;
    }
    return 10 * power;
}

} // namespace

/*!
    \class SocketIoAdmin::DashboardPanel
    \brief Charts of a StatsHistoryModel through QVXYModelMapper, so rows
    added and dropped by the model move the lines without rebuilding them.
*/

DashboardPanel::DashboardPanel(QWidget *parent) : QWidget(parent), m_summary(new QLabel(this))
{
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_charts.append(makeChart(tr("Connected clients"), {{tr("clients"), StatsHistoryModel::ClientsColumn}}));
    m_charts.append(makeChart(
            tr("Packets per second"),
            {{tr("in"), StatsHistoryModel::PacketsInColumn}, {tr("out"), StatsHistoryModel::PacketsOutColumn}}));
    m_charts.append(
            makeChart(tr("Bytes per second"),
                      {{tr("in"), StatsHistoryModel::BytesInColumn}, {tr("out"), StatsHistoryModel::BytesOutColumn}}));
    auto *grid = new QGridLayout;
    grid->addWidget(m_charts.at(0).view, 0, 0, 1, 2);
    grid->addWidget(m_charts.at(1).view, 1, 0);
    grid->addWidget(m_charts.at(2).view, 1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_summary);
    layout->addLayout(grid, 1);
    // A server is healthy while its stats keep coming: look again every second, as the web UI does.
    auto *health = new QTimer(this);
    connect(health, &QTimer::timeout, this, &DashboardPanel::updateSummary);
    health->start(1000);
    updateSummary();
}

DashboardPanel::~DashboardPanel() = default;

void DashboardPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    updateAxes();
}

DashboardPanel::Chart DashboardPanel::makeChart(const QString &title, const QList<std::pair<QString, int>> &series)
{
    Chart c;
    c.chart = new QChart;
    c.chart->setTitle(title);
    c.chart->setMargins(QMargins(2, 2, 2, 2));
    c.chart->legend()->setVisible(series.size() > 1);
    c.chart->legend()->setAlignment(Qt::AlignTop);
    c.time = new QDateTimeAxis(c.chart);
    c.time->setFormat(QStringLiteral("HH:mm"));
    c.time->setTickCount(6);
    c.values = new QValueAxis(c.chart);
    c.values->setLabelFormat(QStringLiteral("%g"));
    c.values->setRange(0, 1);
    c.chart->addAxis(c.time, Qt::AlignBottom);
    c.chart->addAxis(c.values, Qt::AlignLeft);
    for (const auto &[name, column] : series) {
        auto *line = new QLineSeries(c.chart);
        line->setName(name);
        c.chart->addSeries(line);
        line->attachAxis(c.time);
        line->attachAxis(c.values);
        auto *mapper = new QVXYModelMapper(this);
        mapper->setSeries(line);
        mapper->setXColumn(StatsHistoryModel::TimeColumn);
        mapper->setYColumn(column);
        c.mappers.append(mapper);
        c.columns.append(column);
    }
    c.view = new QChartView(c.chart, this);
    c.view->setRenderHint(QPainter::Antialiasing);
    c.view->setMinimumHeight(150);
    return c;
}

void DashboardPanel::setHistory(StatsHistoryModel *history)
{
    if (m_history == history)
        return;
    if (m_history)
        disconnect(m_history, nullptr, this, nullptr);
    m_history = history;
    for (const Chart &c : std::as_const(m_charts)) {
        for (QVXYModelMapper *mapper : c.mappers)
            mapper->setModel(history);
    }
    if (history) {
        connect(history, &StatsHistoryModel::serversChanged, this, [this] {
            updateAxes();
            updateSummary();
        });
    }
    updateAxes();
    updateSummary();
}

StatsHistoryModel *DashboardPanel::history() const
{
    return m_history;
}

QString DashboardPanel::summaryText() const
{
    return m_summary->text();
}

// The time axis spans the rolling window that ends now; the value axes fit their lines.
void DashboardPanel::updateAxes()
{
    const qint64 last =
            m_history && m_history->rowCount() > 0 ? m_history->lastTime() : QDateTime::currentMSecsSinceEpoch();
    const int window = m_history ? m_history->windowSeconds() : StatsHistoryModel::DefaultWindowSeconds;
    const QDateTime end = QDateTime::fromMSecsSinceEpoch(last);
    for (const Chart &c : std::as_const(m_charts)) {
        c.time->setRange(end.addSecs(-window), end);
        double max = 0;
        for (int column : c.columns)
            max = std::max(max, m_history ? m_history->maximum(column) : 0.0);
        c.values->setRange(0, niceCeiling(max * 1.1));
        c.values->applyNiceNumbers();
        // About one time label per 90 pixels, so that none is cut.
        c.time->setTickCount(std::clamp(int(c.view->width() / 90), 2, 11));
    }
}

void DashboardPanel::updateSummary()
{
    if (!m_history || !m_history->connection()) {
        m_summary->setText(tr("Select a server to see its statistics."));
        return;
    }
    const QList<ServerStats> servers = m_history->servers();
    if (servers.isEmpty()) {
        m_summary->setText(tr("Waiting for server statistics (every 2 seconds)…"));
        return;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QStringList lines;
    for (const ServerStats &s : servers) {
        const bool healthy = s.receivedAt.secsTo(now) < StatsHistoryModel::HealthySeconds;
        lines.append(
                tr("%1 on %2 (pid %3): up %4, %n client(s) (%5 polling), %6", nullptr, s.clientsCount)
                        .arg(s.serverId, s.hostname)
                        .arg(s.pid)
                        .arg(uptimeText(s.uptime))
                        .arg(s.pollingClientsCount)
                        .arg(healthy ? tr("healthy") : tr("no news for %n s", nullptr, int(s.receivedAt.secsTo(now)))));
    }
    m_summary->setText(lines.join(QLatin1Char('\n')));
}

} // namespace SocketIoAdmin
