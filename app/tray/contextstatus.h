#pragma once

#include <QString>

class Workspace;

// How one kubeconfig context is doing, in the words the menu, the tree and the tooltip
// share: a short state ("synced · 5 hosts") and, when something is wrong, the sentence
// that says what and how to fix it.
struct ContextStatus
{
    enum class Kind
    {
        Off,        // not enabled
        Missing,    // enabled, but the kubeconfig no longer names it
        Connecting, // credentials or discovery under way
        Syncing,    // listing
        Synced,
        Error, // cannot connect, or some collection keeps failing
    };

    Kind kind = Kind::Off;
    QString text;
    QString detail;
    int hosts = 0; // active mappings this context contributes

    static ContextStatus of(const Workspace &workspace, const QString &context);
};
