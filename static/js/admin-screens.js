// The admin at a desk: below 1440 px the side menu starts closed, so a list has the window's width
// (a 1280 px screen with the menu open cuts the roster's last columns). It runs before Django's
// nav_sidebar.js (deferred) reads the choice; once the user opens or closes the menu, that choice stays.
'use strict';
try {
    if (window.innerWidth < 1440 && localStorage.getItem('django.admin.navSidebarIsOpen') === null) {
        localStorage.setItem('django.admin.navSidebarIsOpen', 'false');
    }
} catch (error) {
    // Storage refused (private mode): the menu stays as Django opens it.
}
