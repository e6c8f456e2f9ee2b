#pragma once

#include <QDBusPendingCallWatcher>
#include <QObject>

#include <functional>

// Calls handle(watcher) once the reply is in, from the event loop. A call on a connection
// that is not up has failed already, and Qt 6.4's watcher never signals such a call: it
// is handed over on the next turn of the event loop instead.
inline void onDBusReply(const QDBusPendingCall &call, QObject *context,
                        std::function<void(QDBusPendingCallWatcher *)> handle)
{
    auto *watcher = new QDBusPendingCallWatcher(call, context);
    const auto done = [watcher, handle = std::move(handle)] {
        watcher->deleteLater();
        handle(watcher);
    };
    if (watcher->isFinished())
        QMetaObject::invokeMethod(context, done, Qt::QueuedConnection);
    else
        QObject::connect(watcher, &QDBusPendingCallWatcher::finished, context, done);
}
