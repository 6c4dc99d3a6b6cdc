/**
 * What the clients' end-to-end tests share: a running pbi-export server.
 */
@NullMarked
package org.pbiexport.client.testing;

import org.jspecify.annotations.NullMarked;
