import * as core from '@actions/core';

core.setFailed('stint: the action is not built yet');
