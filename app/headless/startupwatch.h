#pragma once

#include <QObject>
#include <QTimer>

class Workspace;

// Until the first full sync: says every so often what is still awaited and why, and spots a
// failure that waiting cannot mend — a context whose configuration or credentials are
// refused, a context allowed to list nothing, a publisher that cannot write — so the runner
// stops at once with the fix instead of waiting for --wait-timeout, or forever.
class StartupWatch : public QObject
{
    Q_OBJECT
public:
    StartupWatch(Workspace *workspace, int progressIntervalMs, QObject *parent = nullptr);

    // Looks at what failed already (errors found while the contexts were enabled), then
    // follows. permanentFailure() may come from inside this call.
    void start();
    void stop();
    // "dev: ingresses (cannot reach …; retrying in 8 s (attempt 3))", one part per item.
    QStringList awaited() const;

Q_SIGNALS:
    void permanentFailure(const QString &error);

private:
    void check();
    void bind(const QString &context);
    void report();

    Workspace *m_workspace;
    QTimer m_progress;
    bool m_failed = false;
};
