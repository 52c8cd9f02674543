// The data source the typeorm CLI uses (`npm run migration:generate`); the service builds its own from config.
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/config';
import { dataSourceOptions } from './data-source-options';

export default new DataSource(dataSourceOptions(loadConfig()));
