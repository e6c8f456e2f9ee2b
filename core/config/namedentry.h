#pragma once

#include <QString>

// One item of a kubeconfig's clusters/users/contexts list, with the file it came from
// (client-go's LocationOfOrigin), against whose folder its relative paths resolve.
template <typename T>
struct NamedEntry
{
    QString name;
    T value;
    QString origin;
};
