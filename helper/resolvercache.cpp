#include "helper/resolvercache.h"

#include "helper/helperlog.h"

#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>

ResolverCache::ResolverCache(const QDBusConnection &bus, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
{}

void ResolverCache::flush()
{
    flushResolved();
    flushNscd();
}

void ResolverCache::flushResolved()
{
    QDBusMessage call = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.resolve1"), QStringLiteral("/org/freedesktop/resolve1"),
        QStringLiteral("org.freedesktop.resolve1.Manager"), QStringLiteral("FlushCaches"));
    call.setAutoStartService(false); // only when it already runs
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [](QDBusPendingCallWatcher *done) {
        done->deleteLater();
        if (done->isError())
            qCDebug(lcHelper) << "systemd-resolved not flushed:" << done->error().message();
        else
            qCDebug(lcHelper) << "systemd-resolved caches flushed";
    });
}

void ResolverCache::flushNscd()
{
    // nscd listens on this socket only while it runs.
    if (!QFileInfo::exists(QStringLiteral("/run/nscd/socket")))
        return;
    const QString nscd = QStandardPaths::findExecutable(
        QStringLiteral("nscd"), {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")});
    if (nscd.isEmpty())
        return;
    auto *process = new QProcess(this);
    connect(process, &QProcess::finished, process, &QObject::deleteLater);
    connect(process, &QProcess::errorOccurred, process, [process](QProcess::ProcessError error) {
        qCDebug(lcHelper) << "nscd not flushed:" << error;
        if (error == QProcess::FailedToStart)
            process->deleteLater();
    });
    process->start(nscd, {QStringLiteral("--invalidate=hosts")});
}
