/** Completion reports: one email per finished import attempt to whoever started it. */
package io.userimport.notification.reports;
