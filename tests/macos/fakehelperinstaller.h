#pragma once

#include "core/install/helperinstaller.h"

#include <QStringList>
#include <QTimer>

// A HelperInstaller that answers like the real ones (once, later, never from inside the
// call) with the states a test scripts: what each refresh, install and uninstall leads to.
class FakeHelperInstaller : public HelperInstaller
{
    Q_OBJECT

public:
    using HelperInstaller::HelperInstaller;

    HelperStatus onRefresh;
    HelperStatus onInstall;
    HelperStatus onUninstall;
    QStringList calls; // refresh, install, uninstall, openApprovalSettings

    void refresh() override { answer(u"refresh"_qs, onRefresh); }
    void install() override { answer(u"install"_qs, onInstall); }
    void uninstall() override { answer(u"uninstall"_qs, onUninstall); }
    void openApprovalSettings() override { calls.append(u"openApprovalSettings"_qs); }

    static HelperStatus state(HelperStatus::State state, const QString &message = {})
    {
        HelperStatus s;
        s.state = state;
        s.message = message;
        return s;
    }

private:
    void answer(const QString &call, const HelperStatus &status)
    {
        calls.append(call);
        QTimer::singleShot(0, this, [this, status] { setStatus(status); });
    }
};
