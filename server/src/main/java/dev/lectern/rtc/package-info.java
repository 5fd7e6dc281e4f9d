/** Agora RTC: AccessToken2 ("007") tokens that let a user join a workshop's channel with a role's privileges. */
package dev.lectern.rtc;
