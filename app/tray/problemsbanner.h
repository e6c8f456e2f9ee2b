#pragma once

#include "app/tray/syncstatus.h"

#include <QFrame>

class QVBoxLayout;

// The red banner above the window's tables: one line per problem, each with the ways out
// that fit it — a cluster: Retry, Untick this context, Open kubeconfig; the kubeconfig:
// Open kubeconfig; a publisher: Retry. Rebuilt only when the problems change, so a button
// never moves under the pointer while a retry's countdown ticks.
class ProblemsBanner : public QFrame
{
    Q_OBJECT
public:
    explicit ProblemsBanner(QWidget *parent = nullptr);

    void setProblems(const QList<SyncStatus::Problem> &problems);
    QString text() const; // every problem's sentence, one per line

Q_SIGNALS:
    void retryContext(const QString &context);
    void untickContext(const QString &context);
    void openKubeconfig(const QString &context); // empty: the kubeconfig as a whole
    void retryPublishing();

private:
    QWidget *row(const SyncStatus::Problem &problem);

    QVBoxLayout *m_rows;
    QList<SyncStatus::Problem> m_problems;
};
