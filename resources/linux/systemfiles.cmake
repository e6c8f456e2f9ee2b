# The helper's system files (D-Bus policy and activation file, polkit actions, systemd
# unit), filled in from the .in templates beside this file. Included at configure time
# (for tests) and at install time, so the helper path follows `cmake --install --prefix`.
set(K8S_HOSTS_SYSTEM_FILES_DIR "${CMAKE_CURRENT_LIST_DIR}")

# k8s_hosts_system_files(OUTPUT_DIR PREFIX LIBEXECDIR HOMEPAGE)
function(k8s_hosts_system_files output_dir prefix libexecdir homepage)
    set(HELPER_SERVICE "io.github.k8shosts.Helper")
    set(HELPER_INTERFACE "io.github.k8shosts.Helper1")
    set(HELPER_UNIT "k8s-hosts-helper.service")
    set(ACTION_MANAGE_HOSTS "io.github.k8shosts.manage-hosts")
    set(ACTION_MANAGE_OTHER_BLOCKS "io.github.k8shosts.manage-other-blocks")
    set(ACTION_MANAGE_POLICY "io.github.k8shosts.manage-policy")
    set(APP_ID "io.github.k8shosts.K8sHosts")
    set(PROJECT_HOMEPAGE_URL "${homepage}")
    if(IS_ABSOLUTE "${libexecdir}")
        set(HELPER_PATH "${libexecdir}/k8s-hosts-helper")
    else()
        set(HELPER_PATH "${prefix}/${libexecdir}/k8s-hosts-helper")
    endif()
    foreach(name io.github.k8shosts.Helper.conf io.github.k8shosts.Helper.service
                 io.github.k8shosts.policy k8s-hosts-helper.service)
        set(TEMPLATE "resources/linux/${name}.in")
        configure_file("${K8S_HOSTS_SYSTEM_FILES_DIR}/${name}.in" "${output_dir}/${name}" @ONLY)
    endforeach()
endfunction()
