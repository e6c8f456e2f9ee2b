#pragma once

#include "core/config/kubeconfigsources.h"
#include "core/webhook/webhookservice.h"

#include <QString>
#include <QStringList>

// What the command line gives the tray app. Flags work as in headless mode: an explicit
// --hosts-file that the user can write is written directly, without the helper.
struct TrayOptions
{
    KubeconfigSources kubeconfig;
    QStringList contexts;   // --context (repeatable): enable exactly these on this run
    QString hostsFile;      // empty: /etc/hosts through the helper
    QString marker;         // empty: the saved preference, else K8S-HOSTS
    bool demo = false;      // --demo: a simulated cluster, see DemoCluster
    WebhookOptions webhook; // --webhook-*: ExternalDNS's webhook provider (off by default)
};

// Runs the tray app (or its main window when no tray is available) until the user quits.
// The caller has created the QApplication.
int runTray(const TrayOptions &options);
